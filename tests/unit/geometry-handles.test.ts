import { describe, expect, it } from 'vitest';
import { resizeBox } from '../../src/lib/geometry/resize-box';
import {
	HANDLE_HIT_SLOP,
	HANDLE_SIZE,
	handleAtPoint,
	selectionHandles
} from '../../src/lib/geometry/selection-handles';
import { handleCursor } from '../../src/lib/tools/select/handle-cursor';

const box = { minX: 100, minY: 200, maxX: 300, maxY: 260 };

describe('selection handles', () => {
	it('puts 8 handles on the corners and edge midpoints, a constant screen size', () => {
		const handles = selectionHandles(box, 2);
		expect(handles.map((h) => [h.name, h.x, h.y])).toEqual([
			['nw', 100, 200],
			['n', 200, 200],
			['ne', 300, 200],
			['e', 300, 230],
			['se', 300, 260],
			['s', 200, 260],
			['sw', 100, 260],
			['w', 100, 230]
		]);
		// HANDLE_SIZE screen px = HANDLE_SIZE / zoom board px.
		const nw = handles[0];
		expect(nw?.rect).toEqual({ minX: 98, minY: 198, maxX: 102, maxY: 202 });
		expect(HANDLE_SIZE).toBe(8);
	});

	it('drops edge handles along a side too short on screen, keeping the corners', () => {
		// 60 board px tall at zoom 0.25 is 15 screen px: no room for 'e'/'w'.
		const names = selectionHandles(box, 0.25).map((h) => h.name);
		expect(names).toEqual(['nw', 'n', 'ne', 'se', 's', 'sw']);
		const tiny = { minX: 0, minY: 0, maxX: 1, maxY: 1 };
		expect(selectionHandles(tiny, 1).map((h) => h.name)).toEqual(['nw', 'ne', 'se', 'sw']);
	});

	it('finds the handle under a point within the slop, corners first', () => {
		const reach = HANDLE_SIZE / 2 + HANDLE_HIT_SLOP;
		expect(handleAtPoint(box, 1, { x: 300 + reach, y: 260 - reach })).toBe('se');
		expect(handleAtPoint(box, 1, { x: 300 + reach + 0.5, y: 260 })).toBeNull();
		expect(handleAtPoint(box, 1, { x: 200, y: 201 })).toBe('n');
		expect(handleAtPoint(box, 1, { x: 200, y: 230 })).toBeNull();
		// Zoomed out the reach grows in board px: at zoom 0.5, 16 board px.
		expect(handleAtPoint(box, 0.5, { x: 84, y: 184 })).toBe('nw');
		// On a tiny box every handle overlaps: a corner wins over an edge.
		const tiny = { minX: 0, minY: 0, maxX: 30, maxY: 30 };
		expect(handleAtPoint(tiny, 1, { x: 15, y: 2 })).toBe('n');
		expect(handleAtPoint(tiny, 1, { x: 6, y: 2 })).toBe('nw');
	});

	it('gives each handle its resize cursor', () => {
		expect(handleCursor('nw')).toBe('nwse-resize');
		expect(handleCursor('ne')).toBe('nesw-resize');
		expect(handleCursor('e')).toBe('ew-resize');
		expect(handleCursor('s')).toBe('ns-resize');
	});
});

describe('resizeBox', () => {
	const from = { minX: 0, minY: 0, maxX: 100, maxY: 50 };

	it('moves only the edges the handle controls', () => {
		expect(resizeBox(from, 'e', 20, 99)).toEqual({ minX: 0, minY: 0, maxX: 120, maxY: 50 });
		expect(resizeBox(from, 'nw', 10, -5)).toEqual({ minX: 10, minY: -5, maxX: 100, maxY: 50 });
		expect(resizeBox(from, 's', 99, 10)).toEqual({ minX: 0, minY: 0, maxX: 100, maxY: 60 });
	});

	it('flips past the opposite edge instead of stopping there', () => {
		expect(resizeBox(from, 'w', 150, 0)).toEqual({ minX: 150, minY: 0, maxX: 100, maxY: 50 });
	});

	it('keeps the aspect on corners about the opposite corner, by the larger factor', () => {
		// se dragged by (100, 0): 2x wide, 1x tall -> 2x both ways, nw corner fixed.
		expect(resizeBox(from, 'se', 100, 0, true)).toEqual({ minX: 0, minY: 0, maxX: 200, maxY: 100 });
		// nw dragged up by 50: 2x tall -> 2x wide, se corner fixed.
		expect(resizeBox(from, 'nw', 0, -50, true)).toEqual({
			minX: -100,
			minY: -50,
			maxX: 100,
			maxY: 50
		});
		// Edge handles ignore keepAspect.
		expect(resizeBox(from, 'e', 100, 0, true)).toEqual({ minX: 0, minY: 0, maxX: 200, maxY: 50 });
	});
});
