import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Board, ELEMENTS_KEY } from '../../src/lib/board/board';
import { LOCAL_ORIGIN } from '../../src/lib/board/origin';
import { parseStroke } from '../../src/lib/board/schema';
import { encodePoints, type StrokePoint } from '../../src/lib/board/stroke-codec';
import type { BoardChange } from '../../src/lib/board/types';

const REMOTE = Symbol('remote');

const line = (n: number, y = 10): StrokePoint[] =>
	Array.from({ length: n }, (_, i) => ({ x: 10 + i * 3.3, y: y + Math.sin(i) * 4, pressure: 0.5 }));

/** Copy everything `from` has that `to` lacks, as the sync layer would. */
function sync(from: Y.Doc, to: Y.Doc): void {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE);
}

function recordChanges(board: Board): BoardChange[] {
	const changes: BoardChange[] = [];
	board.onChange((c) => changes.push(c));
	return changes;
}

const validRecord = (overrides: Record<string, unknown> = {}) => ({
	type: 'stroke',
	color: '#e03131',
	width: 4,
	points: encodePoints(line(5)),
	z: 1,
	createdAt: 1_700_000_000_000,
	...overrides
});

describe('Board writes', () => {
	it('adds a stroke in one transaction with LOCAL_ORIGIN', () => {
		const doc = new Y.Doc();
		const board = new Board(doc);
		const updates: unknown[] = [];
		doc.on('update', (_update: Uint8Array, origin: unknown) => updates.push(origin));

		const id = board.addStroke({ points: line(20), color: '#1e1e1e', width: 4 });

		expect(updates).toEqual([LOCAL_ORIGIN]);
		expect(board.strokeCount).toBe(1);
		const stored = doc.getMap(ELEMENTS_KEY).get(id) as Record<string, unknown>;
		expect(stored.type).toBe('stroke');
		expect(stored.points).toBeInstanceOf(Uint8Array);
		expect(board.strokes().map((s) => s.id)).toEqual([id]);
	});

	it('refuses to write strokes that peers would reject', () => {
		const board = new Board(new Y.Doc());
		expect(() => board.addStroke({ points: [], color: '#000', width: 4 })).toThrow(RangeError);
		expect(() => board.addStroke({ points: line(2), color: 'red', width: 4 })).toThrow(RangeError);
		expect(() => board.addStroke({ points: line(2), color: '#000', width: 0 })).toThrow(RangeError);
		expect(board.strokeCount).toBe(0);
	});

	it('stacks new strokes above everything already there', () => {
		const board = new Board(new Y.Doc());
		const ids = [1, 2, 3].map(() => board.addStroke({ points: line(3), color: '#000', width: 2 }));
		expect(board.strokes().map((s) => s.id)).toEqual(ids);
		const zs = board.strokes().map((s) => s.z);
		expect(zs).toEqual([...zs].sort((a, b) => a - b));
	});

	it('removes strokes locally', () => {
		const doc = new Y.Doc();
		const board = new Board(doc);
		const id = board.addStroke({ points: line(3), color: '#000', width: 2 });
		expect(board.removeStroke(id)).toBe(true);
		expect(board.removeStroke(id)).toBe(false);
		expect(board.strokeCount).toBe(0);
	});
});

describe('Board across docs', () => {
	it('a stroke survives encodeStateAsUpdate/applyUpdate with identical points', () => {
		const a = new Board(new Y.Doc());
		const id = a.addStroke({ points: line(200), color: '#1971c2', width: 8 });
		const docB = new Y.Doc();
		Y.applyUpdate(docB, Y.encodeStateAsUpdate(a.doc), REMOTE);
		const b = new Board(docB);

		expect(b.strokeCount).toBe(1);
		expect(b.invalidCount).toBe(0);
		const [mine, theirs] = [a.getStroke(id), b.getStroke(id)];
		expect(theirs).toEqual(mine);
		// The raw bytes round-trip too (Uint8Array inside a plain object, via lib0 writeAny).
		const rawA = a.doc.getMap(ELEMENTS_KEY).get(id) as { points: Uint8Array };
		const rawB = docB.getMap(ELEMENTS_KEY).get(id) as { points: Uint8Array };
		expect(rawB.points).toBeInstanceOf(Uint8Array);
		expect([...rawB.points]).toEqual([...rawA.points]);
	});

	it('reports remote adds, updates and removes to onChange', () => {
		const a = new Board(new Y.Doc());
		const b = new Board(new Y.Doc());
		const changes = recordChanges(b);

		const id = a.addStroke({ points: line(10), color: '#000', width: 2 });
		sync(a.doc, b.doc);
		expect(changes).toEqual([{ added: [id], removed: [], updated: [] }]);

		a.doc.getMap(ELEMENTS_KEY).set(id, validRecord({ color: '#2f9e44' }));
		sync(a.doc, b.doc);
		expect(changes[1]).toEqual({ added: [], removed: [], updated: [id] });
		expect(b.getStroke(id)?.color).toBe('#2f9e44');

		a.removeStroke(id);
		sync(a.doc, b.doc);
		expect(changes[2]).toEqual({ added: [], removed: [id], updated: [] });
		expect(b.strokeCount).toBe(0);
	});

	it('orders concurrent strokes the same way on both peers', () => {
		const a = new Board(new Y.Doc());
		const b = new Board(new Y.Doc());
		a.addStroke({ points: line(3), color: '#000', width: 2 });
		b.addStroke({ points: line(3), color: '#000', width: 2 }); // same z, concurrently
		sync(a.doc, b.doc);
		sync(b.doc, a.doc);
		const order = (board: Board) => board.strokes().map((s) => s.id);
		expect(order(a)).toEqual(order(b));
		expect(order(a)).toHaveLength(2);
		// The next stroke goes above both.
		const top = a.addStroke({ points: line(3), color: '#000', width: 2 });
		expect(order(a).at(-1)).toBe(top);
	});
});

describe('Board with untrusted values', () => {
	const garbage: Record<string, unknown> = {
		string: 'hello',
		number: 42,
		null: null,
		array: [1, 2, 3],
		bytes: new Uint8Array([1, 2, 3]),
		'wrong type': validRecord({ type: 'rect' }),
		'missing color': (({ color: _c, ...rest }) => rest)(validRecord()),
		'colour not hex': validRecord({ color: 'url(javascript:alert(1))' }),
		'width string': validRecord({ width: '4' }),
		'width huge': validRecord({ width: 1e9 }),
		'z NaN': validRecord({ z: Number.NaN }),
		'z huge': validRecord({ z: 1e300 }),
		'createdAt missing': validRecord({ createdAt: undefined }),
		'points as array': validRecord({ points: [1, 2, 3] }),
		'points garbage bytes': validRecord({ points: new Uint8Array([1, 200, 7, 7]) }),
		'points empty stroke': validRecord({ points: encodePoints([]) }),
		'points wrong version': validRecord({ points: new Uint8Array([9, 0]) })
	};

	it('skips and counts invalid elements from a peer, never throws', () => {
		const peer = new Y.Doc();
		const elements = peer.getMap(ELEMENTS_KEY);
		peer.transact(() => {
			for (const [key, value] of Object.entries(garbage)) elements.set(key, value);
			elements.set('good', validRecord());
			elements.set('nested', new Y.Map());
		});

		const local = new Board(new Y.Doc());
		const changes = recordChanges(local);
		expect(() => sync(peer, local.doc)).not.toThrow();

		expect(local.strokes().map((s) => s.id)).toEqual(['good']);
		expect(local.strokeCount).toBe(1);
		expect(local.invalidCount).toBe(Object.keys(garbage).length + 1);
		expect(changes).toEqual([{ added: ['good'], removed: [], updated: [] }]);

		// Garbage alone still notifies (empty lists), so displayed counts stay current.
		peer.getMap(ELEMENTS_KEY).set('more junk', { type: 'stroke' });
		sync(peer, local.doc);
		expect(changes[1]).toEqual({ added: [], removed: [], updated: [] });
		expect(local.invalidCount).toBe(Object.keys(garbage).length + 2);

		// A board created on a doc that already holds garbage counts it the same way.
		const late = new Board(local.doc);
		expect(late.strokeCount).toBe(1);
		expect(late.invalidCount).toBe(local.invalidCount);
	});

	it('treats a valid stroke overwritten with garbage as removed', () => {
		const peer = new Y.Doc();
		peer.getMap(ELEMENTS_KEY).set('s', validRecord());
		const local = new Board(new Y.Doc());
		sync(peer, local.doc);
		const changes = recordChanges(local);

		peer.getMap(ELEMENTS_KEY).set('s', validRecord({ points: new Uint8Array([1, 5]) }));
		sync(peer, local.doc);

		expect(changes).toEqual([{ added: [], removed: ['s'], updated: [] }]);
		expect(local.strokeCount).toBe(0);
		expect(local.invalidCount).toBe(1);
	});

	it('ignores inherited fields (a peer-sent __proto__ key)', () => {
		const sneaky = JSON.parse('{"__proto__": {"type": "stroke"}}') as unknown;
		expect(parseStroke(sneaky)).toBeNull();
		expect(parseStroke(validRecord(), 'x')?.id).toBe('x');
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
			expect(() => board.addStroke({ points: line(2), color: '#000', width: 2 })).not.toThrow();
			expect(consoleError).toHaveBeenCalledOnce();
		} finally {
			consoleError.mockRestore();
		}
		expect(spy).toHaveBeenCalledOnce();
		expect(board.strokeCount).toBe(1);
	});

	it('stops notifying after unsubscribe and destroy', () => {
		const board = new Board(new Y.Doc());
		const spy = vi.fn();
		const off = board.onChange(spy);
		off();
		board.addStroke({ points: line(2), color: '#000', width: 2 });
		board.onChange(spy);
		board.destroy();
		board.addStroke({ points: line(2), color: '#000', width: 2 });
		expect(spy).not.toHaveBeenCalled();
	});
});
