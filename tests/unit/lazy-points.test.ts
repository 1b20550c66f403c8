import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board';
import type { FreehandElement } from '../../src/lib/board/elements';
import { MAX_ABS_COORD, packedPoints, parseElement } from '../../src/lib/board/schema';
import {
	decodePoints,
	encodePoints,
	scanPackedPoints,
	type StrokePoint
} from '../../src/lib/board/stroke-codec';
import { boundsOfPoints } from '../../src/lib/geometry/bounds';
import { elementBounds, estimateTextSize } from '../../src/lib/geometry/element-bounds';
import { paintBounds } from '../../src/lib/renderer/paint-bounds';
import { mulberry32 } from './support/prng.ts';

/** The verdict the schema gave before points were scanned: decode them all and check each. */
function decodedVerdict(bytes: Uint8Array, maxAbs: number): StrokePoint[] | null {
	try {
		const points = decodePoints(bytes);
		if (points.length === 0) return null;
		for (const p of points) if (Math.abs(p.x) > maxAbs || Math.abs(p.y) > maxAbs) return null;
		return points;
	} catch {
		return null;
	}
}

function randomStroke(rand: () => number, count: number, spread: number): StrokePoint[] {
	return Array.from({ length: count }, () => ({
		x: (rand() - 0.5) * spread,
		y: (rand() - 0.5) * spread,
		pressure: rand()
	}));
}

describe('scanPackedPoints', () => {
	it('agrees with decoding on valid, mutated, truncated and out-of-range data', () => {
		const rand = mulberry32(11);
		let accepted = 0;
		for (let i = 0; i < 4000; i++) {
			const spread = [10, 1000, 2e7, 1.9e8][i % 4] as number;
			let bytes = encodePoints(randomStroke(rand, 1 + Math.floor(rand() * 40), spread));
			if (i % 3 === 1) {
				bytes = bytes.slice();
				for (let k = 0; k < 3; k++) bytes[Math.floor(rand() * bytes.length)] = rand() * 256;
			} else if (i % 3 === 2) {
				bytes = bytes.subarray(0, Math.floor(rand() * (bytes.length + 2)));
			}
			for (const maxAbs of [MAX_ABS_COORD, 500]) {
				const expected = decodedVerdict(bytes, maxAbs);
				const scanned = scanPackedPoints(bytes, maxAbs);
				expect(scanned === null).toBe(expected === null);
				if (expected !== null && scanned !== null) {
					accepted++;
					expect(scanned).toEqual(boundsOfPoints(expected));
				}
			}
		}
		expect(accepted).toBeGreaterThan(1000);
		expect(scanPackedPoints(new Uint8Array([1, 0]), MAX_ABS_COORD)).toBeNull(); // no points
		expect(scanPackedPoints([1, 1, 0, 0, 0], MAX_ABS_COORD)).toBeNull(); // not bytes
	});
});

describe('freehand elements read from the document', () => {
	const points = randomStroke(mulberry32(3), 50, 400);
	const stored = (): Y.Map<unknown> => {
		const doc = new Y.Doc();
		const map = new Y.Map<unknown>();
		doc.getMap('elements').set('e', map);
		for (const [k, v] of Object.entries({
			type: 'pen',
			x: 100,
			y: -50,
			z: 1,
			createdAt: 1,
			color: '#000',
			width: 7,
			points: encodePoints(points)
		}))
			map.set(k, v);
		return map;
	};

	it('decode their points on first read, once, to what was stored', () => {
		const el = parseElement('e', stored()) as FreehandElement;
		const first = el.points;
		expect(first).toEqual(decodePoints(encodePoints(points)));
		expect(el.points).toBe(first);
		expect({ ...el }.points).toBe(first);
		expect(JSON.parse(JSON.stringify(el)).points).toHaveLength(50);
	});

	it('have the same paint bounds with and without decoding', () => {
		const el = parseElement('e', stored()) as FreehandElement;
		expect(packedPoints(el)).toBeDefined();
		const lazy = paintBounds(el, estimateTextSize);
		const decoded = { ...el }; // a plain element: bounds from its decoded points
		expect(packedPoints(decoded)).toBeUndefined();
		expect(lazy).toEqual(paintBounds(decoded, estimateTextSize));
		expect(elementBounds(el, estimateTextSize)).toEqual(elementBounds(decoded, estimateTextSize));
	});

	it('still refuse invalid points, and the board still skips such elements', () => {
		const map = stored();
		map.set('points', new Uint8Array([1, 5, 0]));
		expect(parseElement('e', map)).toBeNull();
		const doc = new Y.Doc();
		const board = new Board(doc);
		const id = board.add({ type: 'pen', x: 0, y: 0, color: '#000', width: 2, points });
		expect((board.get(id) as FreehandElement).points).toHaveLength(50);
		(doc.getMap('elements').get(id) as Y.Map<unknown>).set('points', new Uint8Array([1, 1]));
		expect(board.get(id)).toBeUndefined();
		expect(board.invalidCount).toBe(1);
	});
});
