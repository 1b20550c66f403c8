import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Board, ELEMENTS_KEY, type ChangeSource } from '../../src/lib/board/board';
import type { BoardChange, ElementInput, StrokePoint } from '../../src/lib/board/elements';
import { LOCAL_ORIGIN } from '../../src/lib/board/local-origin';

const REMOTE = Symbol('remote');

const wiggle = (n: number): StrokePoint[] =>
	Array.from({ length: n }, (_, i) => ({ x: i * 3.3, y: Math.sin(i) * 4, pressure: 0.5 }));

const pen = (over: Partial<ElementInput> = {}): ElementInput =>
	({
		type: 'pen',
		x: 10,
		y: 20,
		color: '#1e1e1e',
		width: 4,
		points: wiggle(5),
		...over
	}) as ElementInput;
const rect = (over: Partial<ElementInput> = {}): ElementInput =>
	({
		type: 'rectangle',
		x: 0,
		y: 0,
		w: 100,
		h: 50,
		fill: null,
		color: '#e03131',
		width: 2,
		...over
	}) as ElementInput;

/** Copy everything `from` has that `to` lacks, as the sync layer would. */
function sync(from: Y.Doc, to: Y.Doc): void {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE);
}

function recordChanges(board: Board): Array<BoardChange & { source: ChangeSource }> {
	const changes: Array<BoardChange & { source: ChangeSource }> = [];
	board.onChange((c, source) => changes.push({ ...c, source }));
	return changes;
}

function recordUpdates(doc: Y.Doc): Array<{ origin: unknown; bytes: number }> {
	const updates: Array<{ origin: unknown; bytes: number }> = [];
	doc.on('update', (update: Uint8Array, origin: unknown) =>
		updates.push({ origin, bytes: update.length })
	);
	return updates;
}

describe('Board writes', () => {
	it('adds an element as one Y.Map in one LOCAL_ORIGIN transaction', () => {
		const doc = new Y.Doc();
		const board = new Board(doc);
		const updates = recordUpdates(doc);

		const id = board.add(pen());

		expect(updates.map((u) => u.origin)).toEqual([LOCAL_ORIGIN]);
		const stored = doc.getMap(ELEMENTS_KEY).get(id);
		expect(stored).toBeInstanceOf(Y.Map);
		expect((stored as Y.Map<unknown>).get('points')).toBeInstanceOf(Uint8Array);
		expect(board.get(id)).toMatchObject({ id, type: 'pen', x: 10, y: 20, z: 1 });
		expect(board.elements().map((el) => el.id)).toEqual([id]);
		expect(board.elementCount).toBe(1);
	});

	it('refuses to write elements that peers would reject', () => {
		const board = new Board(new Y.Doc());
		expect(() => board.add(pen({ points: [] }))).toThrow(RangeError);
		expect(() => board.add(pen({ color: 'red' }))).toThrow(RangeError);
		expect(() => board.add(rect({ width: 0 }))).toThrow(RangeError);
		expect(() => board.add(rect({ w: -5 } as Partial<ElementInput>))).toThrow(RangeError);
		expect(() => board.add(pen({ x: Number.NaN }))).toThrow(RangeError);
		expect(board.elementCount).toBe(0);
		const id = board.add(rect());
		expect(() => board.update(id, { fill: 'blue' })).toThrow(RangeError);
		expect(board.get(id)).toMatchObject({ fill: null });
	});

	it('stacks new elements above everything, also within one batch', () => {
		const board = new Board(new Y.Doc());
		const a = board.add(pen());
		let b = '';
		let c = '';
		board.batch(() => {
			b = board.add(rect());
			c = board.add(pen());
		});
		expect(board.elements().map((el) => [el.id, el.z])).toEqual([
			[a, 1],
			[b, 2],
			[c, 3]
		]);
	});

	it('updates only the fields that changed and ignores fields the type lacks', () => {
		const doc = new Y.Doc();
		const board = new Board(doc);
		const id = board.add(pen());
		const updates = recordUpdates(doc);
		const changes = recordChanges(board);

		board.update(id, { color: '#2f9e44', fill: '#fff', fontSize: 40 });
		board.update(id, { color: '#2f9e44' }); // no change: no transaction at all
		board.update('missing', { x: 1 });

		expect(updates).toHaveLength(1);
		expect(board.get(id)).toMatchObject({ color: '#2f9e44' });
		expect(board.get(id)).not.toHaveProperty('fill');
		expect(changes).toEqual([{ added: [], removed: [], updated: [id], source: 'local' }]);
	});

	it('moves by writing x and y only: a few bytes on the wire', () => {
		const doc = new Y.Doc();
		const board = new Board(doc);
		const id = board.add(pen({ points: wiggle(200) }));
		const other = board.add(rect());
		const updates = recordUpdates(doc);

		board.moveBy([id, other, 'missing'], 5, -7.5);

		expect(board.get(id)).toMatchObject({ x: 15, y: 12.5 });
		expect(board.get(other)).toMatchObject({ x: 5, y: -7.5, w: 100 });
		expect(updates).toHaveLength(1);
		expect(updates[0]!.bytes).toBeLessThan(120);
		const moved = board.get(id);
		expect(moved?.type === 'pen' ? moved.points : []).toHaveLength(200);
		console.log(`moveBy of 2 elements: ${updates[0]!.bytes} bytes on the wire`);
	});

	it('moves twice inside one batch (writes read the doc, not the stale cache)', () => {
		const board = new Board(new Y.Doc());
		const id = board.add(rect());
		board.batch(() => {
			board.moveBy([id], 10, 0);
			board.moveBy([id], 10, 0);
		});
		expect(board.get(id)).toMatchObject({ x: 20 });
	});

	it('removes elements and ignores unknown ids', () => {
		const board = new Board(new Y.Doc());
		const a = board.add(pen());
		const b = board.add(pen());
		const changes = recordChanges(board);
		board.remove([a, 'nope']);
		board.remove(['nope']);
		expect(board.elements().map((el) => el.id)).toEqual([b]);
		expect(changes).toEqual([{ added: [], removed: [a], updated: [], source: 'local' }]);
	});

	it('duplicates with new ids, offset, above everything, keeping relative order', () => {
		const board = new Board(new Y.Doc());
		const low = board.add(rect());
		const high = board.add(pen());
		const top = board.add(rect({ x: 500 }));

		const copies = board.duplicate([high, low, 'missing']);
		expect(copies).toHaveLength(2);
		const [highCopy, lowCopy] = copies.map((id) => board.get(id)!);
		expect(highCopy).toMatchObject({ type: 'pen', x: 26, y: 36, z: 5 });
		expect(lowCopy).toMatchObject({ type: 'rectangle', x: 16, y: 16, z: 4, w: 100 });
		expect(board.elements().map((el) => el.id)).toEqual([low, high, top, ...copies.reverse()]);
		const original = board.get(high);
		expect(highCopy?.type === 'pen' && original?.type === 'pen').toBe(true);
		if (highCopy?.type === 'pen' && original?.type === 'pen') {
			expect(highCopy.points).toEqual(original.points);
		}

		const [moved] = board.duplicate([top], { dx: -1, dy: 0 });
		expect(board.get(moved!)).toMatchObject({ x: 499, y: 0 });
	});

	it('clears everything in one transaction', () => {
		const doc = new Y.Doc();
		const board = new Board(doc);
		board.add(pen());
		board.add(rect());
		doc.getMap(ELEMENTS_KEY).set('junk', 'not an element');
		const updates = recordUpdates(doc);
		board.clear();
		expect(updates).toHaveLength(1);
		expect(board.elementCount).toBe(0);
		expect(board.invalidCount).toBe(0);
		expect(doc.getMap(ELEMENTS_KEY).size).toBe(0);
	});

	it('batches several writes into one transaction and one undo step', () => {
		const doc = new Y.Doc();
		const board = new Board(doc);
		const keep = board.add(pen());
		const updates = recordUpdates(doc);
		board.batch(() => {
			const id = board.add(rect());
			board.update(id, { fill: '#ffffff' });
			board.moveBy([keep], 1, 1);
		});
		expect(updates).toHaveLength(1);
		expect(board.elementCount).toBe(2);
		board.undo();
		expect(board.elements().map((el) => el.id)).toEqual([keep]);
		expect(board.get(keep)).toMatchObject({ x: 10, y: 20 });
	});
});

describe('Board reads', () => {
	it('re-parses only the elements a transaction touched', () => {
		const board = new Board(new Y.Doc());
		const a = board.add(pen());
		const b = board.add(pen());
		const before = board.get(b);
		const sorted = board.elements();
		board.moveBy([a], 1, 0);
		expect(board.get(b)).toBe(before); // untouched: same object
		expect(board.get(a)).toMatchObject({ x: 11 });
		expect(board.elements()).not.toBe(sorted); // new array for the new state
		expect(board.elements()).toBe(board.elements()); // cached until the next change
		expect(board.elements().map((el) => el.id)).toEqual([a, b]);
	});

	it('reorders when z changes and breaks z ties by id', () => {
		const board = new Board(new Y.Doc());
		const a = board.add(pen());
		const b = board.add(pen());
		board.update(a, { z: 10 });
		expect(board.elements().map((el) => el.id)).toEqual([b, a]);
		board.update(b, { z: 10 });
		expect(board.elements().map((el) => el.id)).toEqual([a, b].sort());
		expect(board.get(board.add(pen()))?.z).toBe(11);
	});

	it('reports remote changes, including field-level ones, with their source', () => {
		const remote = new Board(new Y.Doc());
		const local = new Board(new Y.Doc());
		const changes = recordChanges(local);
		const id = remote.add(rect());
		sync(remote.doc, local.doc);
		remote.update(id, { w: 10 });
		sync(remote.doc, local.doc);
		remote.remove([id]);
		sync(remote.doc, local.doc);
		expect(changes).toEqual([
			{ added: [id], removed: [], updated: [], source: 'remote' },
			{ added: [], removed: [], updated: [id], source: 'remote' },
			{ added: [], removed: [id], updated: [], source: 'remote' }
		]);
	});

	it('treats a valid element broken by a peer as removed, and fixed as added', () => {
		const remote = new Board(new Y.Doc());
		const local = new Board(new Y.Doc());
		const id = remote.add(rect());
		sync(remote.doc, local.doc);
		const changes = recordChanges(local);
		const map = remote.doc.getMap(ELEMENTS_KEY).get(id) as Y.Map<unknown>;

		map.set('w', -1);
		sync(remote.doc, local.doc);
		expect(local.elementCount).toBe(0);
		expect(local.invalidCount).toBe(1);
		map.set('w', 1);
		sync(remote.doc, local.doc);
		expect(local.get(id)).toMatchObject({ w: 1 });
		expect(local.invalidCount).toBe(0);
		expect(changes.map(({ added, removed }) => [added, removed])).toEqual([
			[[], [id]],
			[[id], []]
		]);
	});

	it('refuses to update an element a peer broke, without touching it', () => {
		const doc = new Y.Doc();
		const board = new Board(doc);
		const id = board.add(rect());
		(doc.getMap(ELEMENTS_KEY).get(id) as Y.Map<unknown>).set('type', 'constructor');
		expect(() => board.update(id, { x: 5 })).toThrow(RangeError);
		expect(board.invalidCount).toBe(1);
	});

	it('notifies with empty lists when only the invalid count changed', () => {
		const doc = new Y.Doc();
		const board = new Board(doc);
		const changes = recordChanges(board);
		doc.getMap(ELEMENTS_KEY).set('junk', 42);
		expect(changes).toEqual([{ added: [], removed: [], updated: [], source: 'remote' }]);
		expect(board.invalidCount).toBe(1);
		// A board created on a doc that already holds garbage counts it the same way.
		expect(new Board(doc).invalidCount).toBe(1);
	});

	it('keeps other listeners running when one throws', () => {
		const board = new Board(new Y.Doc());
		const spy = vi.fn();
		board.onChange(() => {
			throw new Error('broken subscriber');
		});
		board.onChange(spy);
		const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			expect(() => board.add(pen())).not.toThrow();
			expect(consoleError).toHaveBeenCalledOnce();
		} finally {
			consoleError.mockRestore();
		}
		expect(spy).toHaveBeenCalledOnce();
	});

	it('stops notifying after unsubscribe and destroy', () => {
		const board = new Board(new Y.Doc());
		const spy = vi.fn();
		const history = vi.fn();
		const off = board.onChange(spy);
		off();
		board.add(pen());
		board.onChange(spy);
		board.onHistoryChange(history);
		board.destroy();
		board.doc.transact(() => board.doc.getMap(ELEMENTS_KEY).delete('x'), LOCAL_ORIGIN);
		board.add(pen());
		expect(spy).not.toHaveBeenCalled();
		expect(history).not.toHaveBeenCalled();
	});
});
