import { describe, expect, it, vi } from 'vitest';
import { addRect, createHarness } from './tool-harness';

describe('eraser tool', () => {
	it('hides what it crosses while dragging and removes it all in one undo step', () => {
		const h = createHarness('eraser');
		const a = addRect(h.board, 0, 0);
		const b = addRect(h.board, 200, 0);
		const keep = addRect(h.board, 0, 200);
		const updates = vi.fn();
		h.board.doc.on('update', updates);

		h.down(-50, 25);
		h.move(50, 25); // crosses A's left edge
		expect(h.controller.overlay().hidden).toEqual([a]);
		h.move(400, 25); // a fast swipe: sampled, so B's edges are not jumped over
		expect(h.controller.overlay().hidden).toEqual([a, b]);
		expect(h.board.elementCount).toBe(3);
		h.up(400, 25);

		expect(updates).toHaveBeenCalledOnce();
		expect(h.board.elements().map((el) => el.id)).toEqual([keep]);
		expect(h.controller.overlay().hidden).toEqual([]);
		h.board.undo();
		expect(h.board.elementCount).toBe(3);
	});

	it('a cancelled drag erases nothing', () => {
		const h = createHarness('eraser');
		addRect(h.board, 0, 0);
		h.down(-10, 25);
		h.move(10, 25);
		expect(h.controller.overlay().hidden).toHaveLength(1);
		h.controller.escape();
		h.up(10, 25);
		expect(h.board.elementCount).toBe(1);
		expect(h.controller.overlay().hidden).toEqual([]);
	});
});
