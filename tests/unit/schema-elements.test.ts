import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board';
import type { BoardElement, ElementType, StrokePoint } from '../../src/lib/board/elements';
import {
	ELEMENT_FIELDS,
	ELEMENTS_KEY,
	MAX_POINTS,
	MAX_POINTS_BYTES,
	MAX_TEXT_LENGTH,
	parseElement,
	parseFields
} from '../../src/lib/board/schema';
import { decodePoints, encodePoints } from '../../src/lib/board/stroke-codec';

const points: StrokePoint[] = [
	{ x: 0, y: 0, pressure: 0.2 }, // 51 / 255: survives quantisation exactly
	{ x: 12.3, y: -4.5, pressure: 1 },
	{ x: 20, y: 8.1, pressure: 0 }
];

const common = { x: 100.5, y: -20, z: 3, createdAt: 1_700_000_000_000, color: '#1e1e1e', width: 4 };

/** One valid element of every type, as the app sees it. */
const samples: Record<ElementType, BoardElement> = {
	pen: { id: 'pen', type: 'pen', ...common, points },
	highlighter: { id: 'hl', type: 'highlighter', ...common, color: '#ffd43b80', width: 24, points },
	line: { id: 'line', type: 'line', ...common, dx: -30, dy: 40.25 },
	arrow: { id: 'arrow', type: 'arrow', ...common, dx: 0, dy: 0 },
	rectangle: { id: 'rect', type: 'rectangle', ...common, w: 200, h: 0, fill: null },
	ellipse: { id: 'ell', type: 'ellipse', ...common, w: 10, h: 20, fill: '#abc' },
	text: { id: 'text', type: 'text', ...common, text: 'Hello\n<b>world</b>', fontSize: 24 },
	image: {
		id: 'image',
		type: 'image',
		...common,
		w: 320,
		h: 240,
		blob: 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg',
		mime: 'image/webp'
	},
	note: {
		id: 'note',
		type: 'note',
		...common,
		color: '#fab005',
		w: 200,
		h: 180,
		text: 'To do:\n<i>ship</i>'
	}
};

/** The Y.Map a peer would store for an element; `overrides` replace (undefined removes) fields. */
function storedMap(el: BoardElement, overrides: Record<string, unknown> = {}): Y.Map<unknown> {
	const source = el as unknown as Record<string, unknown>;
	const map = new Y.Map<unknown>();
	for (const key of ELEMENT_FIELDS[el.type]) {
		const value =
			key in overrides ? overrides[key] : key === 'points' ? encodePoints(points) : source[key];
		if (value !== undefined) map.set(key, value);
	}
	return map;
}

/** Integrates maps into a fresh doc (Y.Map values can only be read once integrated). */
function docWith(entries: Record<string, unknown>): Y.Doc {
	const doc = new Y.Doc();
	const elements = doc.getMap(ELEMENTS_KEY);
	doc.transact(() => {
		for (const [id, value] of Object.entries(entries)) elements.set(id, value);
	});
	return doc;
}

describe('element schema', () => {
	it('round-trips a valid element of every type through a Y.Map', () => {
		const doc = docWith(
			Object.fromEntries(Object.values(samples).map((el) => [el.id, storedMap(el)]))
		);
		const elements = doc.getMap(ELEMENTS_KEY);
		for (const el of Object.values(samples)) {
			expect(parseElement(el.id, elements.get(el.id))).toEqual(el);
		}
		// And through a peer: the encoded update, decoded elsewhere.
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
		const board = new Board(peer);
		expect(board.elementCount).toBe(9);
		expect(board.invalidCount).toBe(0);
		expect(board.get('text')).toEqual(samples.text);
	});

	it('lists the stored fields of every type', () => {
		expect(ELEMENT_FIELDS.pen).toEqual([
			'type',
			'x',
			'y',
			'z',
			'createdAt',
			'color',
			'width',
			'points'
		]);
		expect(ELEMENT_FIELDS.arrow.slice(7)).toEqual(['dx', 'dy']);
		expect(ELEMENT_FIELDS.ellipse.slice(7)).toEqual(['w', 'h', 'fill']);
		expect(ELEMENT_FIELDS.text.slice(7)).toEqual(['text', 'fontSize']);
		expect(ELEMENT_FIELDS.note.slice(7)).toEqual(['w', 'h', 'text']);
		expect(ELEMENT_FIELDS.image.slice(7)).toEqual(['w', 'h', 'blob', 'mime']);
	});

	const { pen, line, rectangle, ellipse, text, note, image } = samples;
	const overCount = new Uint8Array([1, ...varUint(MAX_POINTS + 1), ...new Array(8).fill(0)]);
	const tooManyPoints = Array.from({ length: MAX_POINTS + 1 }, () => ({ x: 0, y: 0, pressure: 0 }));
	// Decodable, in range and within MAX_POINTS, but 11 bytes a point: over MAX_POINTS_BYTES.
	const zigzagging = Array.from({ length: MAX_POINTS }, (_, i) => {
		const far = i % 2 === 0 ? 1e7 : -1e7;
		return { x: far, y: -far, pressure: 1 };
	});
	const hugePoints = encodePoints(zigzagging);

	/** One malformed value per rule. */
	const malformed: Record<string, unknown> = {
		'not a Y.Map (plain object)': { ...pen, points: encodePoints(points) },
		'not a Y.Map (string)': 'pen',
		'not a Y.Map (Y.Array)': new Y.Array(),
		'unknown type': storedMap(pen, { type: 'stroke' }),
		'type missing': storedMap(pen, { type: undefined }),
		'x missing': storedMap(pen, { x: undefined }),
		'x a string': storedMap(pen, { x: '1' }),
		'y NaN': storedMap(line, { y: Number.NaN }),
		'x Infinity': storedMap(line, { x: Number.POSITIVE_INFINITY }),
		'x beyond 1e7': storedMap(line, { x: 1e7 + 1 }),
		'dy beyond -1e7': storedMap(line, { dy: -1e7 - 1 }),
		'dx missing': storedMap(line, { dx: undefined }),
		'z beyond 2^52': storedMap(line, { z: 2 ** 53 }),
		'createdAt missing': storedMap(line, { createdAt: undefined }),
		'color a name': storedMap(rectangle, { color: 'red' }),
		'color with CSS injection': storedMap(rectangle, { color: '#fff;background:url(x)' }),
		'color a Y.Text': storedMap(rectangle, { color: new Y.Text('#000') }),
		'fill not hex': storedMap(rectangle, { fill: 'transparent' }),
		'fill missing': storedMap(rectangle, { fill: undefined }),
		'width below 0.5': storedMap(rectangle, { width: 0.4 }),
		'width above 200': storedMap(rectangle, { width: 201 }),
		'w negative': storedMap(rectangle, { w: -1 }),
		'h above 1e6': storedMap(ellipse, { h: 1e6 + 1 }),
		'text not a string': storedMap(text, { text: 42 }),
		'text over 10,000 chars': storedMap(text, { text: 'a'.repeat(MAX_TEXT_LENGTH + 1) }),
		'fontSize below 4': storedMap(text, { fontSize: 3.9 }),
		'note text over 10,000 chars': storedMap(note, { text: 'a'.repeat(MAX_TEXT_LENGTH + 1) }),
		'note w missing': storedMap(note, { w: undefined }),
		'note h negative': storedMap(note, { h: -5 }),
		'image blob not a hash': storedMap(image, { blob: 'https://example.org/cat.png' }),
		'image mime svg': storedMap(image, { mime: 'image/svg+xml' }),
		'image w missing': storedMap(image, { w: undefined }),
		'fontSize above 512': storedMap(text, { fontSize: 513 }),
		'points an array': storedMap(pen, { points: [1, 2, 3] }),
		'points over 1 MB': storedMap(pen, { points: hugePoints }),
		'points undecodable': storedMap(pen, { points: new Uint8Array([1, 200, 7, 7]) }),
		'points empty': storedMap(pen, { points: encodePoints([]) }),
		'points beyond 1e7': storedMap(pen, { points: encodePoints([{ x: 2e7, y: 0, pressure: 1 }]) }),
		'more than 100,000 points': storedMap(pen, { points: overCount })
	};

	it('rejects each malformed value, and the board skips and counts it', () => {
		const doc = docWith({ ...malformed, good: storedMap(pen) });
		const elements = doc.getMap(ELEMENTS_KEY);
		for (const name of Object.keys(malformed)) {
			expect(parseElement(name, elements.get(name)), name).toBeNull();
		}
		const board = new Board(doc);
		expect(board.elements().map((el) => el.id)).toEqual(['good']);
		expect(board.invalidCount).toBe(Object.keys(malformed).length);
	});

	it('rejects over-size points only for their size', () => {
		expect(hugePoints.length).toBeGreaterThan(MAX_POINTS_BYTES);
		expect(() => decodePoints(hugePoints)).not.toThrow();
	});

	it('checks the 100,000-point limit when encoding too', () => {
		expect(() => encodePoints(tooManyPoints)).toThrow(RangeError);
	});

	it('never throws, whatever it is given', () => {
		const junk: unknown[] = [null, undefined, 0, [], {}, new Uint8Array(3), Symbol('x'), () => 1];
		for (const value of junk) expect(parseElement('j', value)).toBeNull();
		expect(parseFields('j', JSON.parse('{"__proto__": {"type": "text"}}'))).toBeNull();
	});

	it('ignores fields it does not know (forward compatibility)', () => {
		const map = storedMap(line);
		map.set('futureField', { anything: true });
		const doc = docWith({ l: map });
		expect(parseElement('l', doc.getMap(ELEMENTS_KEY).get('l'))).toEqual({ ...line, id: 'l' });
	});
});

function varUint(n: number): number[] {
	const out: number[] = [];
	while (n >= 0x80) {
		out.push((n % 128) | 0x80);
		n = Math.floor(n / 128);
	}
	out.push(n);
	return out;
}
