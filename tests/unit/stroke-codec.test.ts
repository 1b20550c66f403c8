import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board';
import {
	COORD_SCALE,
	decodePoints,
	encodePoints,
	MAX_POINTS,
	StrokeDecodeError,
	type StrokePoint
} from '../../src/lib/board/stroke-codec';
import { mulberry32 } from './support/prng.ts';

/** A hand-drawn-looking stroke: a wandering curve sampled at ~120 Hz, 2–10 px apart. */
function handDrawnStroke(count: number, seed = 1): StrokePoint[] {
	const rand = mulberry32(seed);
	const points: StrokePoint[] = [];
	let x = 200 + rand() * 400;
	let y = 150 + rand() * 300;
	let heading = rand() * Math.PI * 2;
	let pressure = 0.4;
	for (let i = 0; i < count; i++) {
		points.push({ x, y, pressure });
		heading += (rand() - 0.5) * 0.5;
		const step = 2 + rand() * 8;
		// Pointer positions are fractional (coalesced events, high-DPI screens).
		x += Math.cos(heading) * step;
		y += Math.sin(heading) * step;
		pressure = Math.min(1, Math.max(0.05, pressure + (rand() - 0.5) * 0.06));
	}
	return points;
}

const COORD_TOLERANCE = 0.5 / COORD_SCALE + 1e-9;
const PRESSURE_TOLERANCE = 0.5 / 255 + 1e-9;

function expectRoundTrip(points: StrokePoint[]): void {
	const decoded = decodePoints(encodePoints(points));
	expect(decoded).toHaveLength(points.length);
	decoded.forEach((p, i) => {
		const original = points[i]!;
		expect(Math.abs(p.x - original.x)).toBeLessThanOrEqual(COORD_TOLERANCE);
		expect(Math.abs(p.y - original.y)).toBeLessThanOrEqual(COORD_TOLERANCE);
		expect(Math.abs(p.pressure - original.pressure)).toBeLessThanOrEqual(PRESSURE_TOLERANCE);
	});
}

function expectDecodeError(bytes: Uint8Array): void {
	expect(() => decodePoints(bytes)).toThrow(StrokeDecodeError);
}

describe('stroke codec round trip', () => {
	it('keeps hand-drawn strokes within quantisation error', () => {
		for (let seed = 1; seed <= 20; seed++) expectRoundTrip(handDrawnStroke(300, seed));
	});

	it('keeps random points, negative and large coordinates', () => {
		const rand = mulberry32(42);
		const points: StrokePoint[] = [];
		for (let i = 0; i < 1000; i++) {
			const scale = [1, 100, 10_000, 1_000_000, 100_000_000][i % 5]!;
			points.push({
				x: (rand() - 0.5) * 2 * scale,
				y: (rand() - 0.5) * 2 * scale,
				pressure: rand()
			});
		}
		points.push({ x: -100_000_000, y: 100_000_000, pressure: 1 });
		points.push({ x: 100_000_000, y: -100_000_000, pressure: 0 });
		expectRoundTrip(points);
	});

	it('handles an empty stroke and a single point', () => {
		expect(decodePoints(encodePoints([]))).toEqual([]);
		expect(decodePoints(encodePoints([{ x: 3.14, y: -2.71, pressure: 0.5 }]))).toEqual([
			{ x: 3.1, y: -2.7, pressure: 128 / 255 }
		]);
	});

	it('clamps pressure into 0..1', () => {
		const [p] = decodePoints(encodePoints([{ x: 0, y: 0, pressure: 7 }]));
		expect(p?.pressure).toBe(1);
	});

	it('refuses to encode coordinates it could not decode', () => {
		expect(() => encodePoints([{ x: Number.NaN, y: 0, pressure: 0.5 }])).toThrow(RangeError);
		expect(() => encodePoints([{ x: 0, y: 1e9, pressure: 0.5 }])).toThrow(RangeError);
	});
});

describe('stroke codec size', () => {
	it('packs a 200-point hand-drawn stroke into well under 2 KB', () => {
		const strokes = [1, 2, 3, 4, 5].map((seed) => handDrawnStroke(200, seed));
		const sizes = strokes.map((points) => encodePoints(points).length);
		const json = JSON.stringify(strokes[0]).length;
		console.log(`200-point stroke: ${sizes.join(', ')} bytes (as JSON: ${json} bytes)`);
		for (const size of sizes) expect(size).toBeLessThan(2048);
	});

	it('sends a 200-point pen element as a Y update of well under 2 KB', () => {
		const sizes = [1, 2, 3, 4, 5].map((seed) => {
			const board = new Board(new Y.Doc());
			const points = handDrawnStroke(200, seed);
			const [first] = points;
			// Stored relative to the element's origin, as the pen tool does.
			board.add({
				type: 'pen',
				x: first!.x,
				y: first!.y,
				color: '#1e1e1e',
				width: 4,
				points: points.map((p) => ({ ...p, x: p.x - first!.x, y: p.y - first!.y }))
			});
			return Y.encodeStateAsUpdate(board.doc).length;
		});
		console.log(`200-point pen element, Y update of a fresh doc: ${sizes.join(', ')} bytes`);
		for (const size of sizes) expect(size).toBeLessThan(2048);
	});
});

describe('stroke codec on hostile input', () => {
	const valid = encodePoints(handDrawnStroke(50));

	it('rejects empty input, wrong version and non-bytes', () => {
		expectDecodeError(new Uint8Array());
		expectDecodeError(Uint8Array.from([2, 0]));
		expectDecodeError('abc' as unknown as Uint8Array);
	});

	it('rejects every truncation of a valid stroke', () => {
		for (let len = 0; len < valid.length; len++) expectDecodeError(valid.subarray(0, len));
	});

	it('rejects trailing bytes', () => {
		expectDecodeError(Uint8Array.from([...valid, 0]));
	});

	it('rejects counts the data cannot hold, without allocating for them', () => {
		// version 1, count 2^31 as a varuint, then three bytes
		expectDecodeError(Uint8Array.from([1, 0x80, 0x80, 0x80, 0x80, 0x08, 0, 0, 0]));
		// count MAX_POINTS + 1 with enough bytes to hold it is still refused
		const header = [1, ...varUint(MAX_POINTS + 1)];
		expectDecodeError(Uint8Array.from([...header, ...new Array((MAX_POINTS + 1) * 3).fill(0)]));
		// ...while MAX_POINTS itself decodes
		const atCap = Uint8Array.from([
			1,
			...varUint(MAX_POINTS),
			...new Array(MAX_POINTS * 3).fill(0)
		]);
		expect(decodePoints(atCap)).toHaveLength(MAX_POINTS);
	});

	it('rejects overlong varints and coordinates that run out of range', () => {
		expectDecodeError(Uint8Array.from([1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0]));
		// Each delta is in range, but they add up past MAX_COORD.
		const max = encodePoints([{ x: 100_000_000, y: 0, pressure: 0 }]);
		const delta = [...max.subarray(2)];
		expectDecodeError(Uint8Array.from([1, 2, ...delta, ...delta]));
	});

	it('only ever throws StrokeDecodeError on random bytes, quickly', () => {
		const rand = mulberry32(7);
		const started = performance.now();
		for (let i = 0; i < 20_000; i++) {
			const bytes = new Uint8Array(1 + Math.floor(rand() * 64));
			for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rand() * 256);
			if (rand() < 0.8) bytes[0] = 1; // mostly get past the version check
			try {
				decodePoints(bytes);
			} catch (error) {
				expect(error).toBeInstanceOf(StrokeDecodeError);
			}
		}
		expect(performance.now() - started).toBeLessThan(2000);
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
