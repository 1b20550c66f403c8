import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board';
import {
	draftElement,
	encodeDraft,
	MAX_DRAFT_POINTS_BYTES,
	MAX_LASER_POINTS,
	MAX_DRAFT_POINTS_CHARS,
	parseDraft,
	thin,
	type DraftWire
} from '../../src/lib/board/draft-codec';
import { newElementId } from '../../src/lib/board/element-id';
import type { BoardElement, FreehandElement, StrokePoint } from '../../src/lib/board/elements';
import { encodeAwarenessEntries } from '../../src/lib/presence/awareness-codec';
import {
	decodeAwarenessUpdate,
	MAX_STATE_JSON_LENGTH
} from '../../src/lib/presence/awareness-codec';
import { MAX_NAME_LENGTH, parsePresenceState } from '../../src/lib/presence/presence-state';

const ID = 'abcdefghijklmnop';
const base = { id: ID, x: 10, y: -20, z: 0, createdAt: 0, color: '#1971c2', width: 4 };

/** A hand-drawn-like stroke: steps of 1.5–3.5 px with a turning heading. */
function stroke(n: number): StrokePoint[] {
	const points: StrokePoint[] = [];
	let x = 0;
	let y = 0;
	for (let i = 0; i < n; i++) {
		points.push({ x, y, pressure: 0.3 + 0.4 * Math.abs(Math.sin(i / 50)) });
		const heading = Math.sin(i / 40) * 3;
		x += Math.cos(heading) * (1.5 + (i % 5) / 2.5);
		y += Math.sin(heading) * (1.5 + (i % 5) / 2.5);
	}
	return points;
}

const pen = (n: number): FreehandElement => ({ ...base, type: 'pen', points: stroke(n) });

const SAMPLES: BoardElement[] = [
	pen(5),
	{ ...base, type: 'highlighter', points: [{ x: 0, y: 0, pressure: 0.5 }] },
	{ ...base, type: 'line', dx: 30, dy: -40 },
	{ ...base, type: 'arrow', dx: -1.5, dy: 2.25 },
	{ ...base, type: 'rectangle', w: 100, h: 50, fill: null },
	{ ...base, type: 'ellipse', w: 0, h: 7, fill: '#ffc9c9' }
];

describe('draft codec', () => {
	it('hands out the element it built while validating, and builds one for an unchecked wire', () => {
		const wire = encodeDraft(SAMPLES[0]!)!;
		const parsed = parseDraft(JSON.parse(JSON.stringify(wire)))!;
		expect(draftElement(parsed)).toBe(draftElement(parsed));
		// A copy that did not go through parseDraft still gives the same element, freshly built.
		const copy = { ...parsed };
		expect(draftElement(copy)).not.toBe(draftElement(parsed));
		expect(draftElement(copy)).toEqual(draftElement(parsed));
	});

	it('round-trips every drawn type as exactly the element (z and createdAt aside)', () => {
		for (const element of SAMPLES) {
			const wire = encodeDraft(element);
			expect(wire, element.type).not.toBeNull();
			// As it travels: JSON.
			const parsed = parseDraft(JSON.parse(JSON.stringify(wire)));
			expect(parsed).toEqual(wire);
			const back = draftElement(parsed!)!;
			if (element.type === 'pen' || element.type === 'highlighter') {
				const points = (back as FreehandElement).points;
				expect(points).toHaveLength(element.points.length);
				points.forEach((p, i) => {
					expect(p.x).toBeCloseTo(element.points[i]!.x, 1);
					expect(p.y).toBeCloseTo(element.points[i]!.y, 1);
				});
				expect({ ...back, points: [] }).toEqual({ ...element, points: [] });
			} else {
				expect(back).toEqual(element);
			}
		}
	});

	it('has no draft for text, nor for what peers would refuse', () => {
		expect(
			encodeDraft({ ...base, type: 'text', text: 'hi', fontSize: 20 } as BoardElement)
		).toBeNull();
		expect(encodeDraft({ ...base, type: 'line', dx: 1e9, dy: 0 })).toBeNull();
		expect(encodeDraft({ ...base, type: 'rectangle', w: 1, h: 1, fill: 'red' })).toBeNull();
		expect(encodeDraft({ ...base, id: 'draft', type: 'line', dx: 1, dy: 1 })).toBeNull();
		expect(encodeDraft({ ...pen(3), width: 500 })).toBeNull();
	});

	it('refuses hostile drafts: every field is checked by the board schema', () => {
		const line = encodeDraft({ ...base, type: 'line', dx: 3, dy: 4 })!;
		const dot = encodeDraft(pen(1))!;
		const bad: unknown[] = [
			null,
			'draft',
			[],
			{},
			{ ...line, id: 'short' },
			{ ...line, id: 'abcdefghijklmno!' },
			{ ...line, id: 42 },
			{ ...line, type: 'text' },
			{ ...line, type: 'image' },
			{ ...line, x: Number.NaN },
			{ ...line, x: '10' },
			{ ...line, dx: 2e7 },
			{ ...line, color: 'javascript:alert(1)' },
			{ ...line, width: 0 },
			{ ...line, dy: undefined },
			{ ...base, type: 'rectangle', w: -1, h: 2, fill: null },
			{ ...base, type: 'rectangle', w: 1, h: 2 },
			{ ...dot, points: 'not base64!' },
			{ ...dot, points: 'AQ' }, // unpadded
			{ ...dot, points: '' }, // no points
			{ ...dot, points: btoa('\u0001\u0005\u0000') }, // five points announced, none there
			{ ...dot, points: btoa('\u0002\u0001\u0000\u0000\u0000') }, // unknown codec version
			{ ...dot, points: 'A'.repeat(MAX_DRAFT_POINTS_CHARS + 4) },
			JSON.parse(`{"__proto__":${JSON.stringify(line)}}`),
			Object.assign(Object.create(line), { id: ID })
		];
		for (const value of bad) expect(parseDraft(value), JSON.stringify(value)).toBeNull();
		// Extra fields, and fields of other types, are dropped.
		expect(parseDraft({ ...line, w: 5, evil: true })).toEqual(line);
		expect(Object.keys(parseDraft({ ...line, points: 'AAAA' })!)).toEqual(Object.keys(line));
	});

	it('keeps a long stroke within its budget, and a presence state within what every peer accepts', () => {
		// As plain JSON, one update of a 2,000-point stroke would be over 100 KB; packed, 6 KB.
		expect(JSON.stringify(pen(2_000)).length).toBeGreaterThan(100_000);
		for (const n of [1_000, 1_500, 2_000, 10_000, 100_000]) {
			const drawn = pen(n);
			const wire = encodeDraft(drawn) as Extract<DraftWire, { points: string }>;
			expect(wire.points.length, `${n} points`).toBeLessThanOrEqual(MAX_DRAFT_POINTS_CHARS);
			const shown = draftElement(wire) as FreehandElement;
			// All points up to ~1,500; beyond, every 2nd, 4th, ... point: hundreds, never a handful.
			if (n <= 1_000) expect(shown.points).toHaveLength(n);
			else expect(shown.points.length).toBeGreaterThan(300);
			// The latest point is always there: the draft ends where the pen is.
			expect(shown.points.at(-1)!.x).toBeCloseTo(drawn.points.at(-1)!.x, 1);
			expect(shown.points.at(-1)!.y).toBeCloseTo(drawn.points.at(-1)!.y, 1);
			// The longest name, escaped as JSON can be, and a cursor: still under the limit.
			const state = {
				user: { name: '\ud800'.repeat(MAX_NAME_LENGTH), color: '#aabbccdd' },
				cursor: { x: -1234567.891234567, y: 9876543.210987654 },
				draft: wire,
				committed: newElementId()
			};
			expect(JSON.stringify(state).length).toBeLessThanOrEqual(MAX_STATE_JSON_LENGTH);
			const [entry] = decodeAwarenessUpdate(
				encodeAwarenessEntries([{ clientId: 1, clock: 1, state }])
			);
			expect(parsePresenceState(entry!.state)?.draft).toEqual(wire);
		}
		expect(MAX_DRAFT_POINTS_CHARS).toBe((MAX_DRAFT_POINTS_BYTES * 4) / 3);
	});

	it('thins by a stride that keeps the same points as the stroke grows', () => {
		const points = stroke(10);
		expect(thin(points, 4)).toEqual([points[0], points[4], points[8], points[9]]);
		expect(thin(points, 3)).toEqual([points[0], points[3], points[6], points[9]]);
		const longer = stroke(11);
		expect(thin(longer, 4).slice(0, 3)).toEqual(thin(points, 4).slice(0, 3));
	});
});

describe('presence states with drafts', () => {
	const user = { name: 'Alice', color: '#1e66f5' };
	const line = encodeDraft({ ...base, type: 'line', dx: 3, dy: 4 })!;

	it('carry a valid draft and the last committed id', () => {
		expect(parsePresenceState({ user, cursor: null, draft: line, committed: ID })).toEqual({
			user,
			cursor: null,
			draft: line,
			committed: ID,
			laser: null,
			view: null,
			following: null
		});
	});

	it('are refused whole with an invalid draft of a known type or a bad committed id', () => {
		expect(parsePresenceState({ user, cursor: null, draft: { ...line, dx: 'x' } })).toBeNull();
		expect(parsePresenceState({ user, cursor: null, draft: 'line' })).toBeNull();
		expect(parsePresenceState({ user, cursor: null, committed: 'x' })).toBeNull();
	});

	it('carry a laser trail of finite points, at most MAX_LASER_POINTS of them', () => {
		const laser: Array<[number, number]> = [
			[0, 0],
			[10.5, -3]
		];
		expect(parsePresenceState({ user, cursor: null, laser })).toMatchObject({ laser });
		const long = Array.from({ length: MAX_LASER_POINTS + 1 }, (_, i): [number, number] => [i, i]);
		expect(parsePresenceState({ user, cursor: null, laser: long })).toBeNull();
		expect(parsePresenceState({ user, cursor: null, laser: [[0, Number.NaN]] })).toBeNull();
		expect(parsePresenceState({ user, cursor: null, laser: [[0, 1, 2]] })).toBeNull();
		expect(parsePresenceState({ user, cursor: null, laser: 'x' })).toBeNull();
	});

	it("read a later version's draft type as no draft, keeping the rest", () => {
		const later = { id: ID, type: 'polygon', points: [[0, 0]] };
		expect(parsePresenceState({ user, cursor: { x: 1, y: 2 }, draft: later })).toEqual({
			user,
			cursor: { x: 1, y: 2 },
			draft: null,
			committed: null,
			laser: null,
			view: null,
			following: null
		});
	});
});

describe('board.add with the id its draft had', () => {
	it('commits under that id, and refuses malformed or taken ids', () => {
		const board = new Board(new Y.Doc());
		const input = { type: 'line', x: 0, y: 0, dx: 1, dy: 1, color: '#000', width: 2 } as const;
		const id = newElementId();
		expect(board.add(input, id)).toBe(id);
		expect(board.get(id)).toMatchObject({ id, type: 'line' });
		expect(() => board.add(input, id)).toThrow(RangeError);
		for (const bad of ['', 'draft', 'abcdefghijklmno', 'abcdefghijklmnop1', 'abcdefghijklmn_p']) {
			expect(() => board.add(input, bad), bad).toThrow(RangeError);
		}
		expect(board.elementCount).toBe(1);
	});
});
