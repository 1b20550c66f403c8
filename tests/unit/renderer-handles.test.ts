import { describe, expect, it } from 'vitest';
import {
	HANDLE_HIT_SLOP,
	HANDLE_SIZE,
	handleAtPoint,
	handleCursor,
	selectionHandles
} from '../../src/lib/renderer/selection-handles';

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
