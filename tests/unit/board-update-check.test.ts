import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board.ts';
import type { ElementInput } from '../../src/lib/board/elements.ts';
import { encodePoints } from '../../src/lib/board/stroke-codec.ts';
import {
	checkBoardUpdate,
	InvalidUpdateError,
	MAX_ELEMENTS_PER_UPDATE
} from '../../src/lib/board/update-check.ts';

const pen: ElementInput = {
	type: 'pen',
	x: 10,
	y: 20,
	color: '#123456',
	width: 3,
	points: [
		{ x: 0, y: 0, pressure: 0.5 },
		{ x: 5, y: 5, pressure: 0.5 }
	]
};

/** An update made by a "peer" writing raw entries into the elements map. */
function rawElement(fields: Record<string, unknown>): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		const element = new Y.Map<unknown>();
		doc.getMap('elements').set('e1', element);
		for (const [k, value] of Object.entries(fields)) element.set(k, value);
	});
	return Y.encodeStateAsUpdate(doc);
}

const validFields = {
	type: 'pen',
	x: 1,
	y: 2,
	z: 1,
	createdAt: 1,
	color: '#000',
	width: 2,
	points: encodePoints([{ x: 0, y: 0, pressure: 0.5 }])
};

describe('checkBoardUpdate', () => {
	it('accepts what the board writes: adds, moves, edits, duplicates, deletes, clear, undo', () => {
		const doc = new Y.Doc();
		const board = new Board(doc);
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		const id = board.add(pen);
		board.add({ type: 'text', x: 0, y: 0, color: '#000', width: 2, text: 'hi', fontSize: 16 });
		board.add({ type: 'rectangle', x: 0, y: 0, w: 5, h: 5, fill: '#fff', color: '#000', width: 2 });
		board.moveBy([id], 5, 5);
		board.update(id, { color: '#ff0000' });
		board.duplicate([id]);
		board.remove([id]);
		board.undo();
		board.clear();
		updates.push(Y.encodeStateAsUpdate(doc));
		for (const update of updates) expect(() => checkBoardUpdate(update)).not.toThrow();
	});

	it('accepts a valid raw element', () => {
		expect(() => checkBoardUpdate(rawElement(validFields))).not.toThrow();
	});

	it.each([
		['a bad colour', { color: 'javascript:alert(1)' }],
		['a huge width', { width: 1e9 }],
		['an unknown type', { type: 'iframe' }],
		['coordinates out of range', { x: 1e12 }],
		['undecodable points', { points: new Uint8Array([1, 200, 200, 200]) }],
		['an oversized text', { type: 'text', text: 'x'.repeat(20_000) }],
		['a nested type as a field', { color: new Y.Map() }]
	])('rejects an element with %s', (_what, patch) => {
		expect(() => checkBoardUpdate(rawElement({ ...validFields, ...patch }))).toThrow(
			InvalidUpdateError
		);
	});

	it('rejects more than MAX_ELEMENTS_PER_UPDATE new elements in one update', () => {
		const doc = new Y.Doc();
		doc.transact(() => {
			for (let i = 0; i <= MAX_ELEMENTS_PER_UPDATE; i++)
				doc.getMap('elements').set(`e${i}`, new Y.Map());
		});
		expect(() => checkBoardUpdate(Y.encodeStateAsUpdate(doc))).toThrow(/more than/);
	});

	it('rejects an element that is not a map', () => {
		const doc = new Y.Doc();
		doc.getMap('elements').set('e1', { type: 'pen' });
		expect(() => checkBoardUpdate(Y.encodeStateAsUpdate(doc))).toThrow(/not a map/);
	});
});
