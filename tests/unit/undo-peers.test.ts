import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board';
import type { ElementInput } from '../../src/lib/board/elements';

const REMOTE = Symbol('remote');

const rect = (x: number): ElementInput => ({
	type: 'rectangle',
	x,
	y: 0,
	w: 40,
	h: 30,
	fill: null,
	color: '#1e1e1e',
	width: 2
});

/** Two peers whose docs stay in sync both ways, as the sync layer keeps them. */
function twoPeers(): { a: Board; b: Board } {
	const a = new Board(new Y.Doc());
	const b = new Board(new Y.Doc());
	a.doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== REMOTE) Y.applyUpdate(b.doc, update, REMOTE);
	});
	b.doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== REMOTE) Y.applyUpdate(a.doc, update, REMOTE);
	});
	return { a, b };
}

/** What each peer shows: id -> element, for comparing peers. */
const snapshot = (board: Board) => Object.fromEntries(board.elements().map((el) => [el.id, el]));

function expectConverged(a: Board, b: Board): void {
	expect(snapshot(a)).toEqual(snapshot(b));
	expect(a.invalidCount).toBe(0);
	expect(b.invalidCount).toBe(0);
}

describe('undo across peers', () => {
	it("undoes only this peer's own changes, on both peers; redo brings them back", () => {
		const { a, b } = twoPeers();
		const mine = a.add(rect(0));
		const theirs = b.add(rect(100));
		expect(b.canUndo).toBe(true);

		expect(a.undo()).toBe(true);
		expect(a.get(mine)).toBeUndefined();
		expect(b.get(mine)).toBeUndefined();
		expect(a.get(theirs)).toBeDefined();
		expect(a.canUndo).toBe(false);
		expect(a.undo()).toBe(false);
		expect(a.canRedo).toBe(true);

		expect(a.redo()).toBe(true);
		expect(b.get(mine)).toMatchObject({ x: 0, w: 40 });
		expect(a.elementCount).toBe(2);
		expectConverged(a, b);
	});

	it('makes each write its own step', () => {
		const { a } = twoPeers();
		const id = a.add(rect(0));
		a.moveBy([id], 10, 0);
		a.moveBy([id], 10, 0);
		a.update(id, { color: '#e03131' });
		a.undo();
		expect(a.get(id)).toMatchObject({ x: 20, color: '#1e1e1e' });
		a.undo();
		expect(a.get(id)).toMatchObject({ x: 10 });
		a.undo();
		expect(a.get(id)).toMatchObject({ x: 0 });
	});

	it("removes A's element when A undoes its add after B moved it, and redo restores it whole", () => {
		const { a, b } = twoPeers();
		const id = a.add(rect(0));
		b.moveBy([id], 50, 50);
		expect(a.get(id)).toMatchObject({ x: 50, y: 50 });

		a.undo();
		expect(a.get(id)).toBeUndefined();
		expectConverged(a, b);

		a.redo();
		// A whole, valid element again (with B's move: it was part of what the undo removed).
		expect(b.get(id)).toMatchObject({ x: 50, y: 50, w: 40, h: 30 });
		expectConverged(a, b);
	});

	it("never overwrites a peer's later move when undoing an own move", () => {
		const { a, b } = twoPeers();
		const id = b.add(rect(0));
		a.moveBy([id], 10, 0);
		b.moveBy([id], 100, 0);
		expect(a.get(id)).toMatchObject({ x: 110 });

		a.undo();
		expect(a.get(id)).toMatchObject({ x: 110, w: 40 });
		expectConverged(a, b);
	});

	it('does not resurrect an element a peer deleted when undoing an own change to it', () => {
		const { a, b } = twoPeers();
		const id = b.add(rect(0));
		a.moveBy([id], 10, 0);
		b.remove([id]);

		a.undo();
		expect(a.get(id)).toBeUndefined();
		expect(b.get(id)).toBeUndefined();
		expectConverged(a, b);
	});

	it("clear then undo restores every element, this peer's and the other's", () => {
		const { a, b } = twoPeers();
		const mine = a.add(rect(0));
		const theirs = b.add(rect(100));
		b.moveBy([theirs], 0, 5);
		const before = snapshot(a);

		a.clear();
		expect(b.elementCount).toBe(0);
		a.undo();
		expect(snapshot(a)).toEqual(before);
		expect(b.get(mine)).toBeDefined();
		expect(b.get(theirs)).toMatchObject({ x: 100, y: 5 });
		expectConverged(a, b);

		// B can still work on its element as before.
		b.moveBy([theirs], 1, 0);
		expect(a.get(theirs)).toMatchObject({ x: 101 });
		b.undo();
		expect(a.get(theirs)).toMatchObject({ x: 100 });
	});

	it('reports history changes and the source of undo/redo changes', () => {
		const { a } = twoPeers();
		const history = vi.fn();
		const sources: string[] = [];
		a.onHistoryChange(history);
		a.onChange((_change, source) => sources.push(source));
		a.add(rect(0));
		a.undo();
		a.redo();
		expect(history.mock.calls.length).toBeGreaterThanOrEqual(3);
		expect(sources).toEqual(['local', 'history', 'history']);
	});

	it('drops the redo stack after a new local change', () => {
		const { a } = twoPeers();
		a.add(rect(0));
		a.undo();
		expect(a.canRedo).toBe(true);
		a.add(rect(10));
		expect(a.canRedo).toBe(false);
	});
});
