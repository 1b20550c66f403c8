import { describe, expect, it, vi } from 'vitest';
import { HANDLE_SIZE } from '../../src/lib/geometry/selection-handles';
import { addRect, createHarness } from './tool-harness';

/** Two rectangles: A at (0,0)-(100,50), B at (200,0)-(300,50); stroke width 2. */
function setup() {
	const h = createHarness('select');
	const a = addRect(h.board, 0, 0);
	const b = addRect(h.board, 200, 0);
	return Object.assign(h, { a, b }); // keeps the harness's accessors
}

const click = (h: ReturnType<typeof setup>, x: number, y: number, shift = false) => {
	h.down(x, y, { shift });
	h.up(x, y, { shift });
};

describe('select tool: picking', () => {
	it('click selects the element under the pointer, click on empty space clears', () => {
		const h = setup();
		click(h, 0, 25); // on A's left edge
		expect(h.controller.selection.ids).toEqual([h.a]);
		expect(h.controller.overlay().selection).toEqual([h.a]);
		click(h, 50, 25); // inside A: a hollow rectangle is not hit there
		expect(h.controller.selection.ids).toEqual([]);
	});

	it('shift-click adds and removes', () => {
		const h = setup();
		click(h, 0, 25);
		click(h, 200, 25, true);
		expect(h.controller.selection.ids).toEqual([h.a, h.b]);
		click(h, 0, 25, true);
		expect(h.controller.selection.ids).toEqual([h.b]);
	});

	it('marquee selects what it touches; shift-marquee adds to the selection', () => {
		const h = setup();
		const c = addRect(h.board, 0, 200);
		h.down(-20, -20);
		h.move(60, 30);
		expect(h.controller.overlay().marquee).toEqual({ minX: -20, minY: -20, maxX: 60, maxY: 30 });
		h.move(250, 30);
		h.up(250, 30);
		expect(h.controller.selection.ids).toEqual([h.a, h.b]);
		expect(h.controller.overlay().marquee).toBeNull();

		h.drag(
			[
				[-10, 190],
				[20, 260]
			],
			{ shift: true }
		);
		expect(h.controller.selection.ids).toEqual([h.a, h.b, c]);
	});
});

describe('select tool: moving', () => {
	it('drags the selection live, one write per frame, and leaves one undo step', () => {
		const h = setup();
		click(h, 0, 25);
		click(h, 200, 25, true);
		const updates = vi.fn();
		h.board.doc.on('update', updates);

		h.down(200, 25);
		h.move(210, 30);
		h.move(220, 35); // same frame: coalesced
		expect(updates).not.toHaveBeenCalled();
		expect(h.runFrames()).toBe(1);
		expect(updates).toHaveBeenCalledTimes(1);
		expect(h.board.get(h.a)).toMatchObject({ x: 20, y: 10 });
		h.move(240, 45);
		h.runFrames();
		h.move(250, 55);
		h.up(250, 55);
		expect(h.board.get(h.a)).toMatchObject({ x: 50, y: 30 });
		expect(h.board.get(h.b)).toMatchObject({ x: 250, y: 30 });
		expect(h.controller.selection.ids).toEqual([h.a, h.b]);

		// The whole drag is one step.
		h.board.undo();
		expect(h.board.get(h.a)).toMatchObject({ x: 0, y: 0 });
		expect(h.board.get(h.b)).toMatchObject({ x: 200, y: 0 });
		expect(h.board.canUndo).toBe(true); // the two rectangles' adds remain
		h.board.redo();
		expect(h.board.get(h.a)).toMatchObject({ x: 50, y: 30 });
	});

	it('pressing an unselected element and dragging moves just it', () => {
		const h = setup();
		click(h, 0, 25);
		h.drag([
			[200, 25],
			[200, 125]
		]);
		expect(h.controller.selection.ids).toEqual([h.b]);
		expect(h.board.get(h.b)).toMatchObject({ x: 200, y: 100 });
		expect(h.board.get(h.a)).toMatchObject({ x: 0, y: 0 });
	});

	it('Escape during a drag puts everything back and leaves no undo step', () => {
		const h = setup();
		h.down(0, 25);
		h.move(40, 65);
		h.runFrames();
		h.move(80, 65);
		h.runFrames();
		h.controller.escape();
		h.up(80, 65);
		expect(h.board.get(h.a)).toMatchObject({ x: 0, y: 0 });
		h.board.undo(); // undoes the add of B, not a move
		expect(h.board.elementCount).toBe(1);
	});
});

describe('select tool: resizing', () => {
	it('dragging the south-east handle scales the element, one undo step', () => {
		const h = setup();
		click(h, 0, 25);
		// A's bounds include half its stroke: (-1,-1)-(101,51).
		h.down(101, 51);
		expect(h.controller.tool.stateName).toBe('resizing');
		h.move(151, 76);
		h.runFrames();
		h.move(203, 103);
		h.up(203, 103);
		// The box (stroke included) doubled about its fixed corner (-1, -1).
		const a = h.board.get(h.a);
		expect(a?.type).toBe('rectangle');
		if (a?.type !== 'rectangle') return;
		expect(a.x).toBeCloseTo(1, 6);
		expect(a.y).toBeCloseTo(1, 6);
		expect(a.w).toBeCloseTo(200, 6);
		expect(a.h).toBeCloseTo(100, 6);
		h.board.undo();
		expect(h.board.get(h.a)).toMatchObject({ x: 0, y: 0, w: 100, h: 50 });
	});

	it('handles are found at the zoom in use', () => {
		const h = setup();
		click(h, 0, 25);
		h.viewport = { x: 0, y: 0, zoom: 4 };
		// Just outside the handle at zoom 1 would still hit; at zoom 4 it is too far.
		h.down(101 + (HANDLE_SIZE + 8) / 4, 51);
		expect(h.controller.tool.stateName).not.toBe('resizing');
	});
});

describe('select tool: commands', () => {
	it('Delete removes the selection in one step; Ctrl+D duplicates it and selects the copies', () => {
		const h = setup();
		click(h, 0, 25);
		expect(h.controller.duplicateSelection()).toBe(true);
		expect(h.board.elementCount).toBe(3);
		const [copy] = h.controller.selection.ids;
		expect(copy).not.toBe(h.a);
		expect(h.board.get(copy!)).toMatchObject({ x: 16, y: 16, w: 100, h: 50 });

		h.controller.selectAll();
		expect(h.controller.deleteSelection()).toBe(true);
		expect(h.board.elementCount).toBe(0);
		expect(h.controller.selection.ids).toEqual([]);
		h.board.undo();
		expect(h.board.elementCount).toBe(3);
	});

	it('Escape clears the selection; a deleted element leaves it', () => {
		const h = setup();
		click(h, 0, 25);
		click(h, 200, 25, true);
		h.board.remove([h.b]); // e.g. a peer deleted it
		expect(h.controller.selection.ids).toEqual([h.a]);
		h.controller.escape();
		expect(h.controller.selection.ids).toEqual([]);
	});

	it('double-click on a text element opens it for editing', () => {
		const h = setup();
		const t = h.board.add({
			type: 'text',
			x: 0,
			y: 100,
			text: 'hello',
			fontSize: 20,
			color: '#000000',
			width: 2
		});
		click(h, 10, 110);
		expect(h.controller.selection.ids).toEqual([t]);
		h.down(10, 110, { clicks: 2 });
		h.up(10, 110);
		expect(h.controller.text.session).toMatchObject({ id: t, text: 'hello' });
		expect(h.controller.overlay().hidden).toEqual([t]);
	});
});

describe('tool controller', () => {
	it('undo waits until the gesture in progress ends', () => {
		const h = setup();
		h.down(0, 25);
		h.move(40, 25);
		h.runFrames();
		expect(h.controller.undo()).toBe(false);
		h.up(40, 25);
		expect(h.board.get(h.a)).toMatchObject({ x: 40 });
		expect(h.controller.undo()).toBe(true);
		expect(h.board.get(h.a)).toMatchObject({ x: 0 });
	});

	it('switching to a drawing tool drops the selection', () => {
		const h = setup();
		h.controller.selectAll();
		expect(h.controller.selection.size).toBe(2);
		h.controller.setTool('pen');
		expect(h.controller.selection.size).toBe(0);
	});
});

describe('select tool: inside the selection box', () => {
	it('a drag from empty space inside the box moves the selection; a click there clears it', () => {
		const h = setup();
		h.controller.selectAll();
		h.drag([
			[150, 25], // between A and B, inside their union box
			[150, 125]
		]);
		expect(h.board.get(h.a)).toMatchObject({ x: 0, y: 100 });
		expect(h.board.get(h.b)).toMatchObject({ x: 200, y: 100 });
		click(h, 150, 125);
		expect(h.controller.selection.ids).toEqual([]);
	});
});
