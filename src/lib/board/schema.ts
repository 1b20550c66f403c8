/**
 * Runtime validation of element values read from the Y.Doc. Every value may come from a peer
 * running other (or hostile) code, so nothing is trusted and nothing here throws.
 */
import { decodePoints } from './stroke-codec';
import type { Stroke } from './types';

/** The plain object stored under an id in `doc.getMap('elements')`. */
export interface StrokeRecord {
	type: 'stroke';
	color: string;
	width: number;
	/** `encodePoints` output. */
	points: Uint8Array;
	z: number;
	createdAt: number;
}

/** z stays well inside the exactly-representable integers, so `maxZ + 1` is always larger. */
export const MAX_Z = 2 ** 52;
export const MIN_STROKE_WIDTH = 0.5;
export const MAX_STROKE_WIDTH = 200;
/** Far above any real stroke (100,000 points is about 500 KB), below anything abusive. */
export const MAX_POINTS_BYTES = 1_000_000;

// Hex only: deterministic rendering and nothing surprising handed to the canvas.
const COLOR_PATTERN = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

export const isValidColor = (value: unknown): value is string =>
	typeof value === 'string' && COLOR_PATTERN.test(value);

export const isValidWidth = (value: unknown): value is number =>
	typeof value === 'number' && value >= MIN_STROKE_WIDTH && value <= MAX_STROKE_WIDTH;

const isFiniteNumber = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);

/** Own properties only: a peer-supplied `__proto__` key must not lend inherited fields. */
function ownField(record: object, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(record, key)
		? (record as Record<string, unknown>)[key]
		: undefined;
}

/**
 * Validate one element value; `id` is its map key (copied into the result).
 * Returns null for anything that is not a well-formed stroke.
 */
export function parseStroke(value: unknown, id = ''): Stroke | null {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	if (ownField(value, 'type') !== 'stroke') return null;
	const color = ownField(value, 'color');
	const width = ownField(value, 'width');
	const bytes = ownField(value, 'points');
	const z = ownField(value, 'z');
	const createdAt = ownField(value, 'createdAt');
	if (!isValidColor(color) || !isValidWidth(width)) return null;
	if (!isFiniteNumber(z) || Math.abs(z) > MAX_Z || !isFiniteNumber(createdAt)) return null;
	if (!(bytes instanceof Uint8Array) || bytes.length > MAX_POINTS_BYTES) return null;
	try {
		const points = decodePoints(bytes);
		if (points.length === 0) return null;
		return { id, color, width, points, z, createdAt };
	} catch {
		// decodePoints only throws StrokeDecodeError; either way a bad value is skipped.
		return null;
	}
}
