import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board.ts';
import { LiveDrag } from '../../src/lib/tools/select/live-drag.ts';

const rect = {
	type: 'rectangle',
	x: 0,
	y: 0,
	w: 10,
	h: 10,
	fill: null,
	color: '#000',
	width: 2
} as const;

describe('gestures: live writes that undo as one step', () => {
	it('merges every write of a drag into one undo step, and keeps the steps around it', () => {
		const board = new Board(new Y.Doc());
		const id = board.add(rect);
		const drag = new LiveDrag(board);
		for (let i = 0; i < 5; i++) drag.write(() => board.moveBy([id], 10, 0));
		drag.end();
		expect(board.get(id)?.x).toBe(50);
		const other = board.add({ ...rect, x: 100 });

		board.undo(); // the second rectangle
		expect(board.get(other)).toBeUndefined();
		expect(board.get(id)?.x).toBe(50);
		board.undo(); // the whole drag
		expect(board.get(id)?.x).toBe(0);
		board.undo(); // the first rectangle
		expect(board.get(id)).toBeUndefined();
		expect(board.canUndo).toBe(false);
	});

	it('cancel puts the elements back and leaves no step', () => {
		const board = new Board(new Y.Doc());
		const id = board.add(rect);
		const drag = new LiveDrag(board);
		drag.write(() => board.moveBy([id], 10, 10));
		drag.write(() => board.moveBy([id], 10, 10));
		drag.cancel();
		expect(board.get(id)).toMatchObject({ x: 0, y: 0 });
		board.undo();
		expect(board.get(id)).toBeUndefined();
	});

	it("a peer's change during the drag is not undone with it", () => {
		const a = new Board(new Y.Doc());
		const b = new Board(new Y.Doc());
		const mine = a.add(rect);
		Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
		const drag = new LiveDrag(a);
		drag.write(() => a.moveBy([mine], 10, 0));
		const theirs = b.add({ ...rect, x: 200 });
		Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
		drag.write(() => a.moveBy([mine], 10, 0));
		drag.end();
		a.undo();
		expect(a.get(mine)?.x).toBe(0);
		expect(a.get(theirs)?.x).toBe(200);
	});
});
