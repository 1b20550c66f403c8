/**
 * Compact binary form of a stroke's points, stored inside the Y.Doc.
 *
 * Layout (version 1):
 *   u8 version | varuint count | count × (zigzag-varint dx, zigzag-varint dy, u8 pressure)
 * x/y are quantised to 1/10 px and delta-encoded from the previous point (the first point from 0),
 * so a hand-drawn point usually costs 2–4 bytes. Bytes come from peers, so decoding is strict,
 * bounded, and fails only with StrokeDecodeError.
 */
import * as encoding from 'lib0/encoding';
import type { StrokePoint } from './elements';

export type { StrokePoint } from './elements';

export const STROKE_CODEC_VERSION = 1;
/** Quantisation steps per CSS pixel. */
export const COORD_SCALE = 10;
/** Largest |x| or |y| in pixels; keeps every delta within a 5-byte varint and exact in a double. */
export const MAX_COORD = 100_000_000;
export const MAX_POINTS = 100_000;

const MAX_UNITS = MAX_COORD * COORD_SCALE;
const MAX_ZIGZAG = 4 * MAX_UNITS; // |delta| <= 2 * MAX_UNITS
const MAX_VARINT_BYTES = 5;
const MIN_BYTES_PER_POINT = 3;

export class StrokeDecodeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StrokeDecodeError';
	}
}

// Zigzag via arithmetic, not bit ops: deltas may exceed 32 bits.
const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (u: number): number => (u % 2 === 0 ? u / 2 : -(u + 1) / 2);

const quantiseCoord = (value: number): number => {
	if (!Number.isFinite(value) || Math.abs(value) > MAX_COORD) {
		throw new RangeError(`stroke coordinate out of range: ${value}`);
	}
	return Math.round(value * COORD_SCALE);
};

const quantisePressure = (p: number): number =>
	Number.isFinite(p) ? Math.round(Math.min(1, Math.max(0, p)) * 255) : 128;

/** Throws RangeError for non-finite coordinates, |coord| > MAX_COORD or more than MAX_POINTS. */
export function encodePoints(points: readonly StrokePoint[]): Uint8Array {
	if (points.length > MAX_POINTS) {
		throw new RangeError(`too many stroke points: ${points.length}`);
	}
	const encoder = encoding.createEncoder();
	encoding.writeUint8(encoder, STROKE_CODEC_VERSION);
	encoding.writeVarUint(encoder, points.length);
	let prevX = 0;
	let prevY = 0;
	for (const point of points) {
		const x = quantiseCoord(point.x);
		const y = quantiseCoord(point.y);
		encoding.writeVarUint(encoder, zigzag(x - prevX));
		encoding.writeVarUint(encoder, zigzag(y - prevY));
		encoding.writeUint8(encoder, quantisePressure(point.pressure));
		prevX = x;
		prevY = y;
	}
	return encoding.toUint8Array(encoder);
}

/** A bounds-checked reader; every failure is a StrokeDecodeError. */
class ByteReader {
	pos = 0;
	constructor(private readonly bytes: Uint8Array) {}

	get remaining(): number {
		return this.bytes.length - this.pos;
	}

	u8(): number {
		const byte = this.bytes[this.pos];
		if (byte === undefined) throw new StrokeDecodeError('unexpected end of stroke data');
		this.pos++;
		return byte;
	}

	varUint(max: number): number {
		let value = 0;
		let multiplier = 1;
		for (let i = 0; i < MAX_VARINT_BYTES; i++) {
			const byte = this.u8();
			value += (byte & 0x7f) * multiplier;
			if (byte < 0x80) {
				if (value > max) throw new StrokeDecodeError(`varint out of range: ${value}`);
				return value;
			}
			multiplier *= 128;
		}
		throw new StrokeDecodeError('varint too long');
	}
}

export function decodePoints(bytes: Uint8Array): StrokePoint[] {
	if (!(bytes instanceof Uint8Array)) throw new StrokeDecodeError('stroke data is not bytes');
	const reader = new ByteReader(bytes);
	const version = reader.u8();
	if (version !== STROKE_CODEC_VERSION) {
		throw new StrokeDecodeError(`unsupported stroke codec version: ${version}`);
	}
	const count = reader.varUint(MAX_POINTS);
	// Reject before allocating or looping: each point needs at least three bytes.
	if (count * MIN_BYTES_PER_POINT > reader.remaining) {
		throw new StrokeDecodeError(`point count ${count} exceeds the data`);
	}
	const points: StrokePoint[] = new Array(count);
	let x = 0;
	let y = 0;
	for (let i = 0; i < count; i++) {
		x += unzigzag(reader.varUint(MAX_ZIGZAG));
		y += unzigzag(reader.varUint(MAX_ZIGZAG));
		if (Math.abs(x) > MAX_UNITS || Math.abs(y) > MAX_UNITS) {
			throw new StrokeDecodeError('stroke coordinate out of range');
		}
		points[i] = { x: x / COORD_SCALE, y: y / COORD_SCALE, pressure: reader.u8() / 255 };
	}
	if (reader.remaining !== 0) throw new StrokeDecodeError('trailing bytes after stroke data');
	return points;
}
