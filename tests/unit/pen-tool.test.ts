import { describe, expect, it, vi } from 'vitest';
import type { FreehandElement } from '../../src/lib/board/elements';
import { COORD_SCALE } from '../../src/lib/board/stroke-codec';
import { highlighterWidth } from '../../src/lib/tools/style';
import { createHarness } from './tool-harness';

const only = (els: readonly unknown[]) => {
	expect(els).toHaveLength(1);
	return els[0] as FreehandElement;
};

describe('pen tool', () => {
	it('commits one freehand element, points relative to the first sample, in one transaction', () => {
		const h = createHarness('pen');
		const updates = vi.fn();
		h.board.doc.on('update', updates);

		h.down(10, 20, { pressure: 0.3 });
		expect(h.controller.tool.stateName).toBe('drawing');
		h.move(20, 25, { pressure: 0.6 });
		h.move(30.25, 22.5, { pressure: 0.9 });
		expect(h.board.elementCount).toBe(0); // nothing written while drawing
		h.up(40, 20, { pressure: 0.9 });

		expect(h.controller.tool.stateName).toBe('idle');
		expect(updates).toHaveBeenCalledOnce();
		const el = only(h.board.elements());
		expect(el).toMatchObject({ type: 'pen', x: 10, y: 20, color: '#1971c2', width: 4 });
		const expected = [
			[0, 0, 0.3],
			[10, 5, 0.6],
			[20.25, 2.5, 0.9],
			[30, 0, 0.9]
		];
		expect(el.points).toHaveLength(expected.length);
		el.points.forEach((p, i) => {
			const [x, y, pressure] = expected[i]!;
			expect(Math.abs(p.x - x!)).toBeLessThanOrEqual(0.5 / COORD_SCALE + 1e-9);
			expect(Math.abs(p.y - y!)).toBeLessThanOrEqual(0.5 / COORD_SCALE + 1e-9);
			expect(p.pressure).toBeCloseTo(pressure!, 2);
		});
		expect(h.board.canUndo).toBe(true);
		h.board.undo();
		expect(h.board.elementCount).toBe(0);
	});

	it('shows the stroke in progress as a draft, a new object after each change', () => {
		const h = createHarness('pen');
		expect(h.controller.overlay().draft).toBeNull();
		h.down(0, 0);
		const first = h.controller.overlay().draft as FreehandElement;
		expect(first).toMatchObject({ type: 'pen', x: 0, y: 0 });
		h.move(10, 0);
		const second = h.controller.overlay().draft as FreehandElement;
		expect(second).not.toBe(first);
		expect(second.points).toHaveLength(2);
		expect(first.points).toHaveLength(1); // drafts are snapshots
		h.up(10, 0);
		expect(h.controller.overlay().draft).toBeNull();
	});

	it('ignores a second pointer and samples closer than half a screen pixel', () => {
		const h = createHarness('pen');
		h.down(0, 0);
		h.move(0.2, 0.2);
		h.move(50, 50, { pointerId: 2 });
		h.up(5, 0);
		expect(only(h.board.elements()).points).toHaveLength(2);
	});

	it('a cancelled stroke (Escape) writes nothing', () => {
		const h = createHarness('pen');
		h.down(0, 0);
		h.move(10, 10);
		h.controller.escape();
		h.up(20, 20);
		expect(h.board.elementCount).toBe(0);
		expect(h.controller.overlay().draft).toBeNull();
	});

	it('reads the style at pointerdown, so changing it mid-stroke does not alter the stroke', () => {
		const h = createHarness('pen', { color: '#e03131', width: 8 });
		h.down(0, 0);
		h.style.color = '#000000';
		h.up(10, 10);
		expect(only(h.board.elements())).toMatchObject({ color: '#e03131', width: 8 });
	});
});

describe('highlighter tool', () => {
	it('draws a wide, flat stroke of type highlighter', () => {
		const h = createHarness('highlighter', { color: '#fab005', width: 4 });
		h.drag(
			[
				[0, 0],
				[40, 0],
				[80, 10]
			],
			{ pressure: 0.9 }
		);
		const el = only(h.board.elements());
		expect(el).toMatchObject({ type: 'highlighter', x: 0, y: 0, color: '#fab005' });
		expect(el.width).toBe(highlighterWidth(4));
		for (const p of el.points) expect(p.pressure).toBeCloseTo(0.5, 2); // quantised to 1/255
		expect(el.points.at(-1)).toMatchObject({ x: 80, y: 10 });
	});
});
