import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board.ts';
import { ELEMENTS_KEY, FIELD_SCHEMAS } from '../../src/lib/board/schema.ts';
import { encodePoints } from '../../src/lib/board/stroke-codec.ts';
import { checkBoardUpdate, MAX_ELEMENTS_PER_UPDATE } from '../../src/lib/board/update-check.ts';
import { mulberry32 } from './support/prng.ts';

/** The check as it was written on Y.decodeUpdate: the reader must give the same verdicts. */
function referenceCheck(update: Uint8Array): void {
	let elements = 0;
	for (const struct of Y.decodeUpdate(update).structs) {
		if (!(struct instanceof Y.Item) || struct.content instanceof Y.ContentDeleted) continue;
		const key = struct.parentSub;
		if ((struct.parent as unknown) === ELEMENTS_KEY) {
			if (!(struct.content instanceof Y.ContentType)) throw new Error('not a map');
			if (++elements > MAX_ELEMENTS_PER_UPDATE) throw new Error('too many');
		} else if (struct.parent instanceof Y.ID && key != null) {
			if (!Object.hasOwn(FIELD_SCHEMAS, key)) continue;
			const schema = FIELD_SCHEMAS[key] as v.GenericSchema;
			const content = struct.content;
			const value =
				content instanceof Y.ContentAny && content.arr.length === 1
					? content.arr[0]
					: content instanceof Y.ContentBinary
						? content.content
						: undefined;
			const single =
				(content instanceof Y.ContentAny && content.arr.length === 1) ||
				content instanceof Y.ContentBinary;
			if (!single || !v.is(schema, value)) throw new Error('bad field');
		}
	}
}

const verdict = (check: (u: Uint8Array) => void, update: Uint8Array): boolean => {
	try {
		check(update);
		return true;
	} catch {
		return false;
	}
};

/** Updates of every kind a peer could send: board edits, raw maps, text, arrays, xml, deletes. */
function sampleUpdates(seed: number): Uint8Array[] {
	const rand = mulberry32(seed);
	const doc = new Y.Doc();
	const board = new Board(doc);
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	const points = Array.from({ length: 20 }, (_, i) => ({
		x: i * rand() * 9,
		y: i,
		pressure: rand()
	}));
	const ids: string[] = [];
	for (let i = 0; i < 30; i++) {
		ids.push(board.add({ type: 'pen', x: rand() * 100, y: 5, color: '#123', width: 2, points }));
		ids.push(
			board.add({
				type: 'text',
				x: 0,
				y: 0,
				color: '#000',
				width: 2,
				text: 'héllo ✓',
				fontSize: 16
			})
		);
	}
	board.moveBy(ids.slice(0, 10), 3, 4);
	board.update(ids[1] as string, { color: '#f00' });
	board.duplicate(ids.slice(5, 9));
	board.remove(ids.slice(20, 25));
	board.undo();
	board.clear();
	board.undo();
	// Raw writes a hostile or future peer might make.
	const raw = new Y.Doc();
	raw.on('update', (u: Uint8Array) => updates.push(u));
	const map = raw.getMap<unknown>(ELEMENTS_KEY);
	raw.transact(() => {
		const el = new Y.Map<unknown>();
		map.set('e1', el);
		el.set('x', 1);
		el.set('points', encodePoints(points));
		el.set('clé', 'x');
		el.set('constructor', 5);
	});
	raw.transact(() => map.set('bad', 5));
	raw.transact(() => {
		const el = new Y.Map<unknown>();
		map.set('e2', el);
		el.set('x', 'not a number');
	});
	raw.transact(() => {
		const el = new Y.Map<unknown>();
		map.set('e3', el);
		el.set('points', new Uint8Array([1, 9, 9]));
		el.set('nested', new Y.Text('text'));
		el.set('arr', Y.Array.from([1, 2, { a: [null, true, 1.5] }]));
		el.set('xml', new Y.XmlElement('p'));
	});
	raw.transact(() => {
		raw.getText('other').insert(0, 'ünïcode', { bold: true });
		raw.getText('other').insertEmbed(3, { image: 'x' });
		raw.getArray('list').insert(0, [1, 'two', new Uint8Array([3])]);
		raw.getXmlFragment('xml').insert(0, [new Y.XmlText('t'), new Y.XmlElement('div')]);
	});
	raw.transact(() => raw.getText('other').delete(0, 3));
	updates.push(Y.encodeStateAsUpdate(doc), Y.encodeStateAsUpdate(raw));
	return updates;
}

describe('checkBoardUpdate reads updates as Yjs does', () => {
	it('gives the verdict of the Y.decodeUpdate check on real and raw updates', () => {
		const updates = sampleUpdates(1);
		let accepted = 0;
		for (const update of updates) {
			const expected = verdict(referenceCheck, update);
			expect(verdict(checkBoardUpdate, update)).toBe(expected);
			if (expected) accepted++;
		}
		expect(accepted).toBeGreaterThan(updates.length / 2);
		expect(accepted).toBeLessThan(updates.length);
	});

	it('gives the same verdict on 20,000 mutated and truncated updates', () => {
		const rand = mulberry32(7);
		const updates = sampleUpdates(2);
		let differ = 0;
		for (let i = 0; i < 20_000; i++) {
			const base = updates[Math.floor(rand() * updates.length)] as Uint8Array;
			let bytes = base.slice();
			if (i % 3 === 0) bytes = bytes.subarray(0, Math.floor(rand() * bytes.length));
			else {
				const flips = 1 + Math.floor(rand() * 3);
				for (let k = 0; k < flips; k++) bytes[Math.floor(rand() * bytes.length)] = rand() * 256;
			}
			let expected: boolean;
			try {
				expected = verdict(referenceCheck, bytes);
			} catch {
				continue;
			}
			if (verdict(checkBoardUpdate, bytes) !== expected) differ++;
		}
		expect(differ).toBe(0);
	});
});
