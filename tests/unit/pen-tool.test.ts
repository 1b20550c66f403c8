import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board';
import { COORD_SCALE } from '../../src/lib/board/stroke-codec';
import { MIN_POINT_DISTANCE, PenTool } from '../../src/lib/tools/pen/pen-tool';
import type { ToolPointerInput, ToolPointerType } from '../../src/lib/tools/tool-input';

const input = (
	type: ToolPointerType,
	x: number,
	y: number,
	pointerId = 1,
	pressure = 0.5
): ToolPointerInput => ({ type, pointerId, x, y, pressure });

function setup(style = { color: '#1971c2', width: 4 }) {
	const board = new Board(new Y.Doc());
	const tool = new PenTool(board, () => style);
	return { board, tool, style };
}

describe('PenTool', () => {
	it('down/move/up commits exactly one stroke with the drawn points', () => {
		const { board, tool } = setup();
		const updates = vi.fn();
		board.doc.on('update', updates);

		tool.handle(input('pointerdown', 10, 10, 1, 0.3));
		expect(tool.stateName).toBe('drawing');
		tool.handle(input('pointermove', 20, 15, 1, 0.6));
		tool.handle(input('pointermove', 30.25, 12.5, 1, 0.9));
		expect(board.strokeCount).toBe(0); // nothing written while drawing
		tool.handle(input('pointerup', 40, 10, 1, 0.9));

		expect(tool.stateName).toBe('idle');
		expect(tool.draft).toBeNull();
		expect(updates).toHaveBeenCalledOnce(); // one Yjs transaction per stroke
		const [stroke] = board.strokes();
		expect(board.strokeCount).toBe(1);
		expect(stroke?.color).toBe('#1971c2');
		expect(stroke?.width).toBe(4);
		const expected = [
			[10, 10, 0.3],
			[20, 15, 0.6],
			[30.25, 12.5, 0.9],
			[40, 10, 0.9]
		];
		expect(stroke?.points).toHaveLength(expected.length);
		stroke?.points.forEach((p, i) => {
			const [x, y, pressure] = expected[i]!;
			// within the codec's quantisation (half a step)
			expect(Math.abs(p.x - x!)).toBeLessThanOrEqual(0.5 / COORD_SCALE + 1e-9);
			expect(Math.abs(p.y - y!)).toBeLessThanOrEqual(0.5 / COORD_SCALE + 1e-9);
			expect(p.pressure).toBeCloseTo(pressure!, 2);
		});
	});

	it('exposes the stroke in progress as a draft', () => {
		const { tool } = setup();
		expect(tool.draft).toBeNull();
		expect(tool.handle(input('pointerdown', 1, 2))).toBe(true);
		expect(tool.handle(input('pointermove', 5, 6))).toBe(true);
		expect(tool.draft).toMatchObject({ color: '#1971c2', width: 4 });
		expect(tool.draft?.points.map((p) => [p.x, p.y])).toEqual([
			[1, 2],
			[5, 6]
		]);
		expect(tool.activePointerId).toBe(1);
	});

	it('cancel discards the stroke', () => {
		const { board, tool } = setup();
		tool.handle(input('pointerdown', 10, 10));
		tool.handle(input('pointermove', 50, 50));
		expect(tool.handle(input('pointercancel', 50, 50))).toBe(true);
		expect(tool.stateName).toBe('idle');
		expect(tool.draft).toBeNull();
		tool.handle(input('pointerup', 50, 50)); // a late up after cancel does nothing
		expect(board.strokeCount).toBe(0);

		tool.handle(input('pointerdown', 10, 10));
		expect(tool.cancel()).toBe(true);
		expect(tool.cancel()).toBe(false);
		expect(board.strokeCount).toBe(0);
	});

	it('ignores a second pointer while drawing', () => {
		const { board, tool } = setup();
		tool.handle(input('pointerdown', 10, 10, 1));
		expect(tool.handle(input('pointerdown', 100, 100, 2))).toBe(false);
		expect(tool.handle(input('pointermove', 110, 110, 2))).toBe(false);
		tool.handle(input('pointermove', 20, 20, 1));
		expect(tool.handle(input('pointerup', 120, 120, 2))).toBe(false);
		expect(tool.stateName).toBe('drawing');
		expect(tool.handle(input('pointercancel', 0, 0, 2))).toBe(false);
		tool.handle(input('pointerup', 20, 20, 1));

		expect(board.strokeCount).toBe(1);
		expect(board.strokes()[0]?.points.map((p) => [p.x, p.y])).toEqual([
			[10, 10],
			[20, 20]
		]);
	});

	it('ignores moves and ups while idle', () => {
		const { board, tool } = setup();
		expect(tool.handle(input('pointermove', 1, 1))).toBe(false);
		expect(tool.handle(input('pointerup', 1, 1))).toBe(false);
		expect(board.strokeCount).toBe(0);
	});

	it('a tap makes a single-point dot', () => {
		const { board, tool } = setup();
		tool.handle(input('pointerdown', 33, 44));
		tool.handle(input('pointerup', 33, 44));
		expect(board.strokes()[0]?.points).toEqual([{ x: 33, y: 44, pressure: 128 / 255 }]);
	});

	it(`drops points closer than ${MIN_POINT_DISTANCE}px to the previous one`, () => {
		const { board, tool } = setup();
		tool.handle(input('pointerdown', 0, 0));
		tool.handle(input('pointermove', 0.2, 0.2)); // dropped
		tool.handle(input('pointermove', 0.3, 0.3)); // dropped (0.42 from the kept point)
		tool.handle(input('pointermove', 1, 0)); // kept
		tool.handle(input('pointermove', 1.3, 0)); // dropped
		tool.handle(input('pointerup', 1.3, 0)); // dropped
		expect(board.strokes()[0]?.points.map((p) => [p.x, p.y])).toEqual([
			[0, 0],
			[1, 0]
		]);
	});

	it('takes the style at pointerdown, not mid-stroke', () => {
		const style = { color: '#e03131', width: 2 };
		const { board, tool } = setup(style);
		tool.handle(input('pointerdown', 0, 0));
		style.color = '#2f9e44';
		style.width = 8;
		tool.handle(input('pointerup', 10, 0));
		expect(board.strokes()[0]).toMatchObject({ color: '#e03131', width: 2 });
	});
});
