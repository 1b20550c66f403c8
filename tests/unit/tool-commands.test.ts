import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/lib/tools/commands';
import { addRect, createHarness } from './tool-harness';

describe('board and view commands (one path for toolbar, menu and shortcuts)', () => {
	it('clear removes everything as one undo step and drops the selection', () => {
		const h = createHarness('select');
		const a = addRect(h.board, 0, 0);
		addRect(h.board, 200, 0);
		h.controller.selection.set([a]);
		expect(runCommand(h.controller, { kind: 'clear' })).toBe(true);
		expect(h.board.elementCount).toBe(0);
		expect(h.controller.selection.ids).toEqual([]);
		expect(runCommand(h.controller, { kind: 'undo' })).toBe(true);
		expect(h.board.elementCount).toBe(2);
		expect(runCommand(h.controller, { kind: 'clear' })).toBe(true);
		expect(runCommand(h.controller, { kind: 'clear' })).toBe(false); // nothing left to clear
	});

	it('nothing happens in the middle of a gesture: clear and undo wait for the pen to lift', () => {
		const h = createHarness('pen');
		h.drag([
			[0, 0],
			[10, 10]
		]);
		expect(h.board.elementCount).toBe(1);
		h.down(50, 50);
		h.move(60, 60);
		expect(runCommand(h.controller, { kind: 'clear' })).toBe(false);
		runCommand(h.controller, { kind: 'undo' });
		expect(h.board.elementCount).toBe(1);
		h.up(70, 70);
		h.runFrames();
		expect(h.board.elementCount).toBe(2);
		runCommand(h.controller, { kind: 'undo' });
		expect(h.board.elementCount).toBe(1);
	});

	it('an open text box is committed before undo, clear or a tool change', () => {
		const h = createHarness('text');
		h.down(100, 100);
		h.up(100, 100);
		h.controller.text.setText('typed');
		runCommand(h.controller, { kind: 'undo' });
		// The commit is the step undo then reverts: the text was not lost half-typed.
		expect(h.controller.text.session).toBeNull();
		expect(h.board.elementCount).toBe(0);
		runCommand(h.controller, { kind: 'redo' });
		expect(h.board.elements()).toEqual([expect.objectContaining({ text: 'typed' })]);

		h.down(300, 300);
		h.up(300, 300);
		h.controller.text.setText('second');
		runCommand(h.controller, { kind: 'tool', tool: 'pen' });
		expect(h.controller.tool.name).toBe('pen');
		expect(h.board.elementCount).toBe(2);

		h.controller.setTool('text');
		h.down(500, 500);
		h.up(500, 500);
		h.controller.text.setText('third');
		expect(runCommand(h.controller, { kind: 'clear' })).toBe(true);
		expect(h.controller.text.session).toBeNull();
		expect(h.board.elementCount).toBe(0);
	});

	it('delete reports whether it did anything, so Backspace keeps its default otherwise', () => {
		const h = createHarness('select');
		const id = addRect(h.board, 0, 0);
		expect(runCommand(h.controller, { kind: 'delete' })).toBe(false);
		h.controller.selection.set([id]);
		expect(runCommand(h.controller, { kind: 'delete' })).toBe(true);
		expect(h.board.elementCount).toBe(0);
	});

	it('zoom commands keep the canvas centre; zoom to fit shows every element', () => {
		const h = createHarness('hand'); // canvas 800 × 600
		runCommand(h.controller, { kind: 'zoom-in' });
		expect(h.viewport.zoom).toBeCloseTo(1.25);
		const centre = {
			x: h.viewport.x + 400 / h.viewport.zoom,
			y: h.viewport.y + 300 / h.viewport.zoom
		};
		expect(centre.x).toBeCloseTo(400);
		expect(centre.y).toBeCloseTo(300);
		runCommand(h.controller, { kind: 'zoom-out' });
		runCommand(h.controller, { kind: 'zoom-out' });
		expect(h.viewport.zoom).toBeCloseTo(0.8);
		runCommand(h.controller, { kind: 'zoom-reset' });
		expect(h.viewport.zoom).toBe(1);

		addRect(h.board, 1000, 1000, 1600, 1200);
		runCommand(h.controller, { kind: 'zoom-fit' });
		const { x, y, zoom } = h.viewport;
		expect(zoom).toBeLessThan(0.5);
		expect(x).toBeLessThanOrEqual(1000);
		expect(y).toBeLessThanOrEqual(1000);
		expect(x + 800 / zoom).toBeGreaterThanOrEqual(2600);
		expect(y + 600 / zoom).toBeGreaterThanOrEqual(2200);
	});
});
