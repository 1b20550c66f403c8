/**
 * What each peer shares about itself through awareness: who it is and where its pointer is. It is
 * ephemeral (never stored in the Y.Doc), and every state that arrives from a peer passes through
 * `parsePresenceState` before it is used or drawn. See PROTOCOL.md, "Presence state".
 */
import * as v from 'valibot';
import { HEX_COLOR_PATTERN } from '$lib/color';

export const MAX_NAME_LENGTH = 64;

/**
 * `v.object` reads fields with `key in input`, so it would take them from the prototype chain too.
 * This one first copies the object's own fields into a null-prototype record: a peer-supplied
 * `__proto__` (or any inherited field) lends nothing. Arrays are not records. The output, as with
 * `v.object`, is a fresh object holding only the listed fields.
 */
function ownObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
	const keys = Object.keys(entries);
	return v.pipe(
		v.custom<object>(
			(value) => typeof value === 'object' && value !== null && !Array.isArray(value),
			'not a record'
		),
		v.transform((value) => {
			const own: Record<string, unknown> = Object.create(null);
			for (const key of keys) {
				if (Object.prototype.hasOwnProperty.call(value, key)) {
					own[key] = (value as Record<string, unknown>)[key];
				}
			}
			return own;
		}),
		v.object(entries)
	);
}

const finite = v.pipe(v.number(), v.finite());

/** 1..64 UTF-16 code units; rendered as text, never HTML. */
const NameSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_NAME_LENGTH));
/** '#rgb' | '#rgba' | '#rrggbb' | '#rrggbbaa'. */
const ColorSchema = v.pipe(v.string(), v.regex(HEX_COLOR_PATTERN));

const PresenceUserSchema = ownObject({ name: NameSchema, color: ColorSchema });
/** Board coordinates (not screen pixels), so each peer can map them through its own viewport. */
const PresenceCursorSchema = ownObject({ x: finite, y: finite });

/** Unknown fields are allowed (newer peers may add some) and dropped. */
export const PresenceStateSchema = ownObject({
	user: PresenceUserSchema,
	/** null while the pointer is outside the board. */
	cursor: v.nullable(PresenceCursorSchema)
});

export type PresenceUser = v.InferOutput<typeof PresenceUserSchema>;
export type PresenceCursor = v.InferOutput<typeof PresenceCursorSchema>;
export type PresenceState = v.InferOutput<typeof PresenceStateSchema>;

export const isPresenceColor = (value: unknown): value is string => v.is(ColorSchema, value);

export const isPresenceName = (value: unknown): value is string => v.is(NameSchema, value);

/**
 * Validates a (parsed JSON) presence state. Returns a fresh object holding only the known fields,
 * or null if anything is missing or malformed. Never throws.
 */
export function parsePresenceState(value: unknown): PresenceState | null {
	const result = v.safeParse(PresenceStateSchema, value, { abortEarly: true });
	return result.success ? result.output : null;
}
