/**
 * Drafts on the wire: the element a peer is drawing, shared through presence so that the others
 * see it before pointer-up (PROTOCOL.md, "Presence state"). A draft is exactly a valid element,
 * checked by the board's own schema, without z and createdAt (the board assigns them on commit)
 * and with the id its author will commit it under. Freehand points travel packed (stroke-codec)
 * in base64, and a long stroke is thinned so that one draft stays within MAX_DRAFT_POINTS_BYTES.
 * Drafts are never written to the document.
 */
import * as v from 'valibot';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { ELEMENT_ID_PATTERN } from './element-id';
import type { BoardElement, StrokePoint } from './elements';
import { ownObject } from './own-object';
import { parseFields } from './schema';
import { encodePoints } from './stroke-codec';

/**
 * Packed points of one draft: about 1,500 hand-drawn points. With the rest of a presence state
 * it stays well below the 8 KiB every peer (old ones too) accepts per state.
 */
export const MAX_DRAFT_POINTS_BYTES = 4_500;
/** MAX_DRAFT_POINTS_BYTES in base64. */
export const MAX_DRAFT_POINTS_CHARS = (MAX_DRAFT_POINTS_BYTES / 3) * 4;

export const DRAFT_TYPES = ['pen', 'highlighter', 'line', 'arrow', 'rectangle', 'ellipse'] as const;
export type DraftType = (typeof DRAFT_TYPES)[number];

export const isDraftType = (value: unknown): value is DraftType =>
	typeof value === 'string' && (DRAFT_TYPES as readonly string[]).includes(value);

interface DraftBase {
	/** The id the element will have on the board once committed. */
	id: string;
	x: number;
	y: number;
	color: string;
	width: number;
}

/** A draft as it travels (JSON): the element's stored fields, points in base64. */
export type DraftWire =
	| (DraftBase & { type: 'pen' | 'highlighter'; points: string })
	| (DraftBase & { type: 'line' | 'arrow'; dx: number; dy: number })
	| (DraftBase & { type: 'rectangle' | 'ellipse'; w: number; h: number; fill: string | null });

/**
 * What a peer shares about its drawing: the draft in progress, and the id of its last draft that
 * became an element (null after a cancelled one), so peers know to keep showing that draft until
 * the element reaches them.
 */
/** A laser pointer's trail on the wire: board coordinates, oldest first (never an element). */
export type LaserWire = Array<[number, number]>;

/** At most this many trail points are shared (a second of pointer moves at 60 Hz, and then some). */
export const MAX_LASER_POINTS = 128;

export interface SharedDraft {
	draft: DraftWire | null;
	committed: string | null;
	/** Our laser pointer's fading trail, while there is one. */
	laser: LaserWire | null;
}

export const NO_SHARED_DRAFT: Readonly<SharedDraft> = Object.freeze({
	draft: null,
	committed: null,
	laser: null
});

/** Canonical base64 (padded), as lib0's toBase64 writes it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const WIRE_FIELDS: Readonly<Record<DraftType, readonly string[]>> = {
	pen: ['points'],
	highlighter: ['points'],
	line: ['dx', 'dy'],
	arrow: ['dx', 'dy'],
	rectangle: ['w', 'h', 'fill'],
	ellipse: ['w', 'h', 'fill']
};

const anything = v.optional(v.unknown());

/** Shape only; the values are judged by the board's element schema below. */
const DraftRecordSchema = ownObject({
	id: v.pipe(v.string(), v.regex(ELEMENT_ID_PATTERN)),
	type: v.picklist(DRAFT_TYPES),
	x: anything,
	y: anything,
	color: anything,
	width: anything,
	points: v.optional(v.pipe(v.string(), v.maxLength(MAX_DRAFT_POINTS_CHARS), v.regex(BASE64))),
	dx: anything,
	dy: anything,
	w: anything,
	h: anything,
	fill: anything
});

/**
 * A peer's draft (parsed JSON) -> a fresh DraftWire holding only its type's fields, or an issue
 * unless it is a valid element. Never throws.
 */
/** The element each validated draft stands for, built while validating (no second decode). */
const checkedElements = new WeakMap<object, BoardElement>();

export const DraftWireSchema = v.pipe(
	DraftRecordSchema,
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const record = dataset.value as Record<string, unknown> & { id: string; type: DraftType };
		const wire: Record<string, unknown> = {
			id: record.id,
			type: record.type,
			x: record.x,
			y: record.y,
			color: record.color,
			width: record.width
		};
		for (const key of WIRE_FIELDS[record.type]) wire[key] = record[key];
		const element = elementOf(wire as unknown as DraftWire);
		if (element === null) {
			addIssue({ message: 'not a valid element' });
			return NEVER;
		}
		checkedElements.set(wire, element);
		return wire as unknown as DraftWire;
	})
);

/** Validates a draft from a peer; a fresh DraftWire or null. Never throws. */
export function parseDraft(value: unknown): DraftWire | null {
	const result = v.safeParse(DraftWireSchema, value, { abortEarly: true });
	return result.success ? result.output : null;
}

/**
 * The element a (validated) draft shows, for painting; z and createdAt are 0. Freehand points
 * are decoded when first drawn. Null if the draft is not a valid element.
 */
export function draftElement(wire: DraftWire): BoardElement | null {
	return checkedElements.get(wire) ?? elementOf(wire);
}

function elementOf(wire: DraftWire): BoardElement | null {
	const fields: Record<string, unknown> = { ...wire, z: 0, createdAt: 0 };
	delete fields.id;
	if (wire.type === 'pen' || wire.type === 'highlighter') {
		// The regex and the length cap ran first (or it came from encodeDraft): no throw, bounded.
		if (typeof wire.points !== 'string' || !BASE64.test(wire.points)) return null;
		fields.points = fromBase64(wire.points);
	}
	return parseFields(wire.id, fields);
}

/**
 * What a peer is shown of `element` while it is drawn: null for types that have no draft
 * (text), and for anything peers would refuse. A stroke whose packed points exceed
 * MAX_DRAFT_POINTS_BYTES is thinned: every 2nd (4th, ...) point, always with the latest one.
 * The stride only ever doubles, so the points kept stay the same from one update to the next.
 */
export function encodeDraft(element: BoardElement): DraftWire | null {
	const { id, x, y, color, width } = element;
	const base = { id, x, y, color, width };
	let wire: DraftWire;
	switch (element.type) {
		case 'pen':
		case 'highlighter': {
			const packed = packForDraft(element.points);
			if (packed === null) return null;
			wire = { ...base, type: element.type, points: toBase64(packed) };
			break;
		}
		case 'line':
		case 'arrow':
			wire = { ...base, type: element.type, dx: element.dx, dy: element.dy };
			break;
		case 'rectangle':
		case 'ellipse':
			wire = { ...base, type: element.type, w: element.w, h: element.h, fill: element.fill };
			break;
		default:
			return null;
	}
	return parseDraft(wire);
}

function packForDraft(points: readonly StrokePoint[]): Uint8Array | null {
	try {
		for (let stride = 1; stride < 2 * points.length; stride *= 2) {
			const packed = encodePoints(stride === 1 ? points : thin(points, stride));
			if (packed.length <= MAX_DRAFT_POINTS_BYTES) return packed;
		}
	} catch {
		// Out-of-range coordinates: the board would refuse the element too.
	}
	return null;
}

/** Every `stride`-th point and the last one. */
export function thin(points: readonly StrokePoint[], stride: number): StrokePoint[] {
	const kept: StrokePoint[] = [];
	for (let i = 0; i < points.length; i += stride) kept.push(points[i] as StrokePoint);
	const last = points[points.length - 1];
	if (last !== undefined && kept[kept.length - 1] !== last) kept.push(last);
	return kept;
}
