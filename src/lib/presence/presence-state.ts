/**
 * What each peer shares about itself through awareness: who it is, where its pointer is and what
 * it is drawing. It is ephemeral (never stored in the Y.Doc), and every state that arrives from a
 * peer passes through `parsePresenceState` before it is used or drawn. See PROTOCOL.md,
 * "Presence state".
 */
import * as v from 'valibot';
import { DraftWireSchema, isDraftType, MAX_LASER_POINTS } from '$lib/board/draft-codec';
import { ELEMENT_ID_PATTERN } from '$lib/board/element-id';
import { ownObject } from '$lib/board/own-object';
import { HEX_COLOR_PATTERN } from '$lib/color';

export const MAX_NAME_LENGTH = 64;

const finite = v.pipe(v.number(), v.finite());

/** 1..64 UTF-16 code units; rendered as text, never HTML. */
const NameSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_NAME_LENGTH));
/** '#rgb' | '#rgba' | '#rrggbb' | '#rrggbbaa'. */
const ColorSchema = v.pipe(v.string(), v.regex(HEX_COLOR_PATTERN));

const PresenceUserSchema = ownObject({ name: NameSchema, color: ColorSchema });
/** Board coordinates (not screen pixels), so each peer can map them through its own viewport. */
const PresenceCursorSchema = ownObject({ x: finite, y: finite });
const positive = v.pipe(v.number(), v.finite(), v.gtValue(0));
/** The board area the peer's window shows: its top-left and size, in board coordinates. */
const PresenceViewSchema = ownObject({ x: finite, y: finite, w: positive, h: positive });
/** A Y.Doc clientID (uint32). */
const ClientIdSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffff_ffff));

/**
 * A draft of a type this version does not draft (a later version's): read as no draft, not
 * refused, so that peer's cursor and name still count. Drafts of known types must be valid.
 */
const LaterDraftSchema = v.pipe(
	ownObject({
		type: v.pipe(
			v.string(),
			v.check((type) => !isDraftType(type))
		)
	}),
	v.transform(() => null)
);

/**
 * Unknown fields are allowed (newer peers may add some) and dropped. `draft` and `committed` are
 * optional: peers from before drafts send neither, and read as null.
 */
export const PresenceStateSchema = ownObject({
	user: PresenceUserSchema,
	/** null while the pointer is outside the board. */
	cursor: v.nullable(PresenceCursorSchema),
	/** The element being drawn, under the id it will be committed with (board/draft-codec). */
	draft: v.optional(v.nullable(v.union([DraftWireSchema, LaterDraftSchema])), null),
	/**
	 * The id of this peer's last draft that became an element: a peer that still shows that draft
	 * keeps it until the element is on its board (so the handover never leaves a gap).
	 */
	committed: v.optional(v.nullable(v.pipe(v.string(), v.regex(ELEMENT_ID_PATTERN))), null),
	/** What the peer's window shows, for those who follow it. */
	view: v.optional(v.nullable(PresenceViewSchema), null),
	/** The clientID of the peer this one follows. */
	following: v.optional(v.nullable(ClientIdSchema), null),
	/** The laser pointer's trail, oldest point first; painted, never stored. */
	laser: v.optional(
		v.nullable(v.pipe(v.array(v.strictTuple([finite, finite])), v.maxLength(MAX_LASER_POINTS))),
		null
	)
});

export type PresenceUser = v.InferOutput<typeof PresenceUserSchema>;
export type PresenceCursor = v.InferOutput<typeof PresenceCursorSchema>;
export type PresenceView = v.InferOutput<typeof PresenceViewSchema>;
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

const checked = new WeakMap<object, PresenceState | null>();

/**
 * parsePresenceState, remembered per state object. Awareness keeps each peer's state object until
 * that peer changes it, while every change of anyone's state makes the readers look at all of
 * them: a draft (a few KB of points) is checked once, not on every cursor move in the room.
 */
export function readPresenceState(value: unknown): PresenceState | null {
	if (typeof value !== 'object' || value === null) return parsePresenceState(value);
	let state = checked.get(value);
	if (state === undefined) {
		state = parsePresenceState(value);
		checked.set(value, state);
	}
	return state;
}
