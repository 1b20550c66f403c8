/**
 * What each peer shares about itself through awareness: who it is and where its pointer is. It is
 * ephemeral (never stored in the Y.Doc), and every state that arrives from a peer passes through
 * `parsePresenceState` before it is used or drawn. See PROTOCOL.md, "Presence state".
 */
import { isHexColor } from '$lib/color';

export interface PresenceUser {
	/** 1..64 UTF-16 code units; rendered as text, never HTML. */
	name: string;
	/** '#rgb' | '#rgba' | '#rrggbb' | '#rrggbbaa'. */
	color: string;
}

/** Board coordinates (not screen pixels), so each peer can map them through its own viewport. */
export interface PresenceCursor {
	x: number;
	y: number;
}

export interface PresenceState {
	user: PresenceUser;
	/** null while the pointer is outside the board. */
	cursor: PresenceCursor | null;
}

export const MAX_NAME_LENGTH = 64;

// Hex only: the colour ends up in CSS, so nothing but a plain colour literal may get through.
export const isPresenceColor = isHexColor;

export const isPresenceName = (value: unknown): value is string =>
	typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH;

const isFiniteNumber = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);

const isRecord = (value: unknown): value is object =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own properties only: a peer-supplied `__proto__` key must not lend inherited fields. */
function ownField(record: object, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(record, key)
		? (record as Record<string, unknown>)[key]
		: undefined;
}

/**
 * Validates a (parsed JSON) presence state. Returns a fresh object holding only the known fields,
 * or null if anything is missing or malformed. Never throws.
 */
export function parsePresenceState(value: unknown): PresenceState | null {
	if (!isRecord(value)) return null;
	const user = ownField(value, 'user');
	if (!isRecord(user)) return null;
	const name = ownField(user, 'name');
	const color = ownField(user, 'color');
	if (!isPresenceName(name) || !isPresenceColor(color)) return null;
	const cursor = ownField(value, 'cursor');
	if (cursor === null) return { user: { name, color }, cursor: null };
	if (!isRecord(cursor)) return null;
	const x = ownField(cursor, 'x');
	const y = ownField(cursor, 'y');
	if (!isFiniteNumber(x) || !isFiniteNumber(y)) return null;
	return { user: { name, color }, cursor: { x, y } };
}
