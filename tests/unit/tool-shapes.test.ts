import { describe, expect, it } from 'vitest';
import { createHarness } from './tool-harness';

describe('line and arrow tools', () => {
	it.each(['line', 'arrow'] as const)(
		'%s: a drag from A to B is one element A + (dx, dy)',
		(type) => {
			const h = createHarness(type);
			h.drag([
				[10, 20],
				[50, 60],
				[110, 70]
			]);
			expect(h.board.elements()).toEqual([
				expect.objectContaining({ type, x: 10, y: 20, dx: 100, dy: 50, color: '#1971c2', width: 4 })
			]);
			expect(h.controller.overlay().draft).toBeNull();
		}
	);

	it('shows a draft while dragging and nothing for a mere click', () => {
		const h = createHarness('line');
		h.down(0, 0);
		expect(h.controller.overlay().draft).toBeNull();
		h.move(30, 40);
		expect(h.controller.overlay().draft).toMatchObject({ type: 'line', dx: 30, dy: 40 });
		h.controller.escape();
		h.up(30, 40);
		expect(h.board.elementCount).toBe(0);

		h.drag([
			[5, 5],
			[5.5, 5]
		]);
		expect(h.board.elementCount).toBe(0);
	});

	it('shift snaps the angle to 15° steps', () => {
		const h = createHarness('arrow');
		h.drag(
			[
				[0, 0],
				[100, 3]
			],
			{ shift: true }
		);
		const [el] = h.board.elements();
		expect(el).toMatchObject({ type: 'arrow' });
		if (el?.type !== 'arrow') throw new Error('not an arrow');
		expect(el.dy).toBeCloseTo(0, 6);
		expect(el.dx).toBeCloseTo(Math.hypot(100, 3), 6);
	});
});

describe('rectangle and ellipse tools', () => {
	it.each(['rectangle', 'ellipse'] as const)('%s: the dragged box, normalised', (type) => {
		const h = createHarness(type);
		h.drag([
			[200, 150],
			[120, 100],
			[100, 90]
		]);
		expect(h.board.elements()).toEqual([
			expect.objectContaining({ type, x: 100, y: 90, w: 100, h: 60, fill: null, width: 4 })
		]);
	});

	it('shift makes a square / circle, alt grows from the centre', () => {
		const h = createHarness('ellipse');
		h.drag(
			[
				[0, 0],
				[80, 30]
			],
			{ shift: true }
		);
		expect(h.board.elements()[0]).toMatchObject({ x: 0, y: 0, w: 80, h: 80 });
		h.board.clear();
		h.drag(
			[
				[100, 100],
				[130, 120]
			],
			{ alt: true }
		);
		expect(h.board.elements()[0]).toMatchObject({ x: 70, y: 80, w: 60, h: 40 });
	});

	it('each shape is one undo step', () => {
		const h = createHarness('rectangle');
		h.drag([
			[0, 0],
			[10, 10]
		]);
		h.drag([
			[20, 20],
			[40, 40]
		]);
		expect(h.board.elementCount).toBe(2);
		h.board.undo();
		expect(h.board.elements()).toEqual([expect.objectContaining({ x: 0, y: 0, w: 10, h: 10 })]);
	});
});
