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

/**
 * A bounds-checked cursor over packed points. `varUint` returns -1 instead of throwing (the hot
 * loops below test it), so decoding a stroke allocates nothing but its points.
 */
class ByteReader {
	pos = 0;
	constructor(readonly bytes: Uint8Array) {}

	get remaining(): number {
		return this.bytes.length - this.pos;
	}

	/** The next byte, or -1 at the end. */
	u8(): number {
		return this.pos < this.bytes.length ? (this.bytes[this.pos++] as number) : -1;
	}

	/** The next varint if it is at most `max`; -1 when truncated, too long or too large. */
	varUint(max: number): number {
		const { bytes } = this;
		let value = 0;
		let multiplier = 1;
		for (let i = 0; i < MAX_VARINT_BYTES; i++) {
			if (this.pos >= bytes.length) return -1;
			const byte = bytes[this.pos++] as number;
			value += (byte & 0x7f) * multiplier;
			if (byte < 0x80) return value > max ? -1 : value;
			multiplier *= 128;
		}
		return -1;
	}
}

/** Reads the version and the point count; throws unless the data can hold that many points. */
function readHeader(reader: ByteReader): number {
	const version = reader.u8();
	if (version === -1) throw new StrokeDecodeError('unexpected end of stroke data');
	if (version !== STROKE_CODEC_VERSION) {
		throw new StrokeDecodeError(`unsupported stroke codec version: ${version}`);
	}
	const count = reader.varUint(MAX_POINTS);
	if (count === -1) throw new StrokeDecodeError('bad point count');
	// Reject before allocating or looping: each point needs at least three bytes.
	if (count * MIN_BYTES_PER_POINT > reader.remaining) {
		throw new StrokeDecodeError(`point count ${count} exceeds the data`);
	}
	return count;
}

export function decodePoints(bytes: Uint8Array): StrokePoint[] {
	if (!(bytes instanceof Uint8Array)) throw new StrokeDecodeError('stroke data is not bytes');
	const reader = new ByteReader(bytes);
	const count = readHeader(reader);
	const points: StrokePoint[] = new Array(count);
	let x = 0;
	let y = 0;
	for (let i = 0; i < count; i++) {
		const dx = reader.varUint(MAX_ZIGZAG);
		const dy = dx === -1 ? -1 : reader.varUint(MAX_ZIGZAG);
		if (dy === -1) throw new StrokeDecodeError('bad or truncated coordinate');
		x += unzigzag(dx);
		y += unzigzag(dy);
		if (Math.abs(x) > MAX_UNITS || Math.abs(y) > MAX_UNITS) {
			throw new StrokeDecodeError('stroke coordinate out of range');
		}
		const pressure = reader.u8();
		if (pressure === -1) throw new StrokeDecodeError('unexpected end of stroke data');
		points[i] = { x: x / COORD_SCALE, y: y / COORD_SCALE, pressure: pressure / 255 };
	}
	if (reader.remaining !== 0) throw new StrokeDecodeError('trailing bytes after stroke data');
	return points;
}

/** The box around a stroke's points, in px relative to the element's origin. */
export interface PointsExtent {
	minX: number;
	minY: number;
	maxX: number;
	maxY: number;
}

/**
 * What `decodePoints(bytes)` would give, summarised without allocating a point: null unless it
 * would succeed with at least one point and every point within `maxAbs` px (|x| and |y|);
 * otherwise the box around the points (exactly the min and max of the decoded coordinates).
 * Checking a peer's update and reading an element run this; points are decoded when drawn.
 */
export function scanPackedPoints(bytes: unknown, maxAbs: number): PointsExtent | null {
	if (!(bytes instanceof Uint8Array)) return null;
	const reader = new ByteReader(bytes);
	let count: number;
	try {
		count = readHeader(reader);
	} catch {
		return null;
	}
	if (count === 0) return null;
	const maxUnits = Math.min(MAX_UNITS, maxAbs * COORD_SCALE);
	let x = 0;
	let y = 0;
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (let i = 0; i < count; i++) {
		const dx = reader.varUint(MAX_ZIGZAG);
		const dy = dx === -1 ? -1 : reader.varUint(MAX_ZIGZAG);
		if (dy === -1 || reader.u8() === -1) return null;
		x += unzigzag(dx);
		y += unzigzag(dy);
		if (Math.abs(x) > maxUnits || Math.abs(y) > maxUnits) return null;
		if (x < minX) minX = x;
		if (x > maxX) maxX = x;
		if (y < minY) minY = y;
		if (y > maxY) maxY = y;
	}
	if (reader.remaining !== 0) return null;
	// Division by the scale is monotonic, so the min of the decoded values is this exactly.
	return {
		minX: minX / COORD_SCALE,
		minY: minY / COORD_SCALE,
		maxX: maxX / COORD_SCALE,
		maxY: maxY / COORD_SCALE
	};
}
