/**
 * Runtime validation of the elements stored in the Y.Doc. Every value may come from a peer running
 * other (or hostile) code, so nothing read from the document is trusted and nothing here throws.
 *
 * Storage: `doc.getMap(ELEMENTS_KEY)` maps an element id to a `Y.Map` with one key per field
 * (see PROTOCOL.md, "Board document"). Freehand `points` are stored packed by stroke-codec.
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import { BLOB_HASH_PATTERN } from './blobs';
import {
	IMAGE_MIMES,
	type BoardElement,
	type ElementType,
	type FreehandElement,
	type StrokePoint
} from './elements';

const ELEMENT_TYPE_NAMES = [
	'pen',
	'highlighter',
	'line',
	'arrow',
	'rectangle',
	'ellipse',
	'text',
	'note',
	'image'
] as const satisfies readonly ElementType[];
import {
	COLOR_PATTERN,
	MAX_ABS_COORD,
	MAX_FONT_SIZE,
	MAX_POINTS_BYTES,
	MAX_SIZE,
	MAX_STROKE_WIDTH,
	MAX_TEXT_LENGTH,
	MAX_Z,
	MIN_FONT_SIZE,
	MIN_STROKE_WIDTH
} from './limits';
import { decodePoints, scanPackedPoints, type PointsExtent } from './stroke-codec';

export * from './limits';

/** Name of the top-level Y.Map holding the elements. */
export const ELEMENTS_KEY = 'elements';

const finite = v.pipe(v.number(), v.finite());
const between = (min: number, max: number) =>
	v.pipe(v.number(), v.finite(), v.minValue(min), v.maxValue(max));
const coord = between(-MAX_ABS_COORD, MAX_ABS_COORD);
const size = between(0, MAX_SIZE);
const color = v.pipe(v.string(), v.regex(COLOR_PATTERN));

/** Packed points, checked (decodable, in range) but not decoded: see `freehandElement`. */
export interface PackedPoints {
	bytes: Uint8Array;
	extent: PointsExtent;
}

const packedPointsSchema = v.pipe(
	v.instance(Uint8Array),
	v.maxLength(MAX_POINTS_BYTES),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		// The same verdict as decoding every point and checking it, without allocating points:
		// decodable, at least one point, each within MAX_ABS_COORD of the element's origin.
		const extent = scanPackedPoints(dataset.value, MAX_ABS_COORD);
		if (extent === null) {
			addIssue({ message: 'undecodable, empty or out-of-range points' });
			return NEVER;
		}
		return { bytes: dataset.value, extent } satisfies PackedPoints;
	})
);

const base = {
	x: coord,
	y: coord,
	z: between(-MAX_Z, MAX_Z),
	createdAt: finite,
	color,
	width: between(MIN_STROKE_WIDTH, MAX_STROKE_WIDTH)
};

const FreehandSchema = v.object({
	type: v.picklist(['pen', 'highlighter']),
	...base,
	points: packedPointsSchema
});
const LinearSchema = v.object({
	type: v.picklist(['line', 'arrow']),
	...base,
	dx: coord,
	dy: coord
});
const ShapeSchema = v.object({
	type: v.picklist(['rectangle', 'ellipse']),
	...base,
	w: size,
	h: size,
	fill: v.nullable(color)
});
const TextSchema = v.object({
	type: v.literal('text'),
	...base,
	text: v.pipe(v.string(), v.maxLength(MAX_TEXT_LENGTH)),
	fontSize: between(MIN_FONT_SIZE, MAX_FONT_SIZE)
});

const NoteSchema = v.object({
	type: v.literal('note'),
	...base,
	w: size,
	h: size,
	text: v.pipe(v.string(), v.maxLength(MAX_TEXT_LENGTH))
});

const blobHash = v.pipe(v.string(), v.regex(BLOB_HASH_PATTERN));
const mime = v.picklist(IMAGE_MIMES);
const ImageSchema = v.object({
	type: v.literal('image'),
	...base,
	w: size,
	h: size,
	blob: blobHash,
	mime
});

/**
 * Each stored field on its own, whatever the element's type: what a single map entry written by a
 * peer must satisfy (see update-check.ts). Fields not listed here are ignored by the board.
 */
export const FIELD_SCHEMAS: Readonly<Record<string, v.GenericSchema>> = {
	type: v.picklist(ELEMENT_TYPE_NAMES),
	...base,
	points: packedPointsSchema,
	dx: coord,
	dy: coord,
	w: size,
	h: size,
	fill: v.nullable(color),
	text: v.pipe(v.string(), v.maxLength(MAX_TEXT_LENGTH)),
	fontSize: between(MIN_FONT_SIZE, MAX_FONT_SIZE),
	blob: blobHash,
	mime
};

/** The stored fields of an element (as held by its Y.Map) -> the element without its id. */
export const StoredElementSchema = v.variant('type', [
	FreehandSchema,
	LinearSchema,
	ShapeSchema,
	TextSchema,
	NoteSchema,
	ImageSchema
]);

// Compile-time proof that the schema produces exactly the types of elements.ts (once parseFields
// has turned packed points into the element's lazily decoded points).
type WithPoints<T> = T extends { points: PackedPoints }
	? Omit<T, 'points'> & { points: StrokePoint[] }
	: T;
type Parsed = WithPoints<v.InferOutput<typeof StoredElementSchema>> & { id: string };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesElements: Same<Parsed, BoardElement> = true;
void schemaMatchesElements;

const SCHEMA_BY_TYPE = {
	pen: FreehandSchema,
	highlighter: FreehandSchema,
	line: LinearSchema,
	arrow: LinearSchema,
	rectangle: ShapeSchema,
	ellipse: ShapeSchema,
	text: TextSchema,
	note: NoteSchema,
	image: ImageSchema
} as const;

export const ELEMENT_TYPES = Object.keys(SCHEMA_BY_TYPE) as readonly ElementType[];

/** Y.Map keys stored for each type, `type` first. */
export const ELEMENT_FIELDS: Readonly<Record<ElementType, readonly string[]>> = Object.freeze(
	Object.fromEntries(
		ELEMENT_TYPES.map((type) => [type, Object.freeze(Object.keys(SCHEMA_BY_TYPE[type].entries))])
	) as Record<ElementType, readonly string[]>
);

const ALL_FIELDS: readonly string[] = [...new Set(Object.values(ELEMENT_FIELDS).flat())];

export const isElementType = (value: unknown): value is ElementType =>
	typeof value === 'string' && Object.prototype.hasOwnProperty.call(SCHEMA_BY_TYPE, value);

/**
 * Validate stored fields (a plain record, e.g. read from a Y.Map, `points` still packed).
 * Returns the element with `id`, or null. Never throws.
 */
export function parseFields(
	id: string,
	fields: Readonly<Record<string, unknown>>
): BoardElement | null {
	const result = v.safeParse(StoredElementSchema, fields, { abortEarly: true });
	if (!result.success) return null;
	const output = result.output;
	if ('points' in output) {
		const { points, ...rest } = output;
		return freehandElement({ id, ...rest }, points);
	}
	return { id, ...output };
}

/** Packed points and their extent of the freehand elements parseFields made. */
const packedOf = new WeakMap<BoardElement, PackedPoints>();

/**
 * A freehand element whose `points` are decoded on first read (then kept): reading a board —
 * thousands of strokes from a peer at once — checks every stroke's bytes but decodes only what
 * is drawn or edited. The bytes were checked, so decoding cannot fail.
 */
function freehandElement(
	base: Omit<FreehandElement, 'points'>,
	packed: PackedPoints
): FreehandElement {
	let points: StrokePoint[] | undefined;
	const el = Object.defineProperty(base, 'points', {
		enumerable: true,
		get: () => (points ??= decodePoints(packed.bytes))
	}) as FreehandElement;
	packedOf.set(el, packed);
	return el;
}

/**
 * The packed points of a freehand element read from the document, with the box around them
 * (relative to x, y), known without decoding; undefined for other elements and for elements
 * made elsewhere (tools' drafts).
 */
export function packedPoints(el: BoardElement): Readonly<PackedPoints> | undefined {
	return packedOf.get(el);
}

/**
 * The known fields of an element's Y.Map as a null-prototype record. Values are read as they
 * are: a nested Y type stays a Y type (and fails validation) instead of being converted.
 */
export function readFields(map: Y.Map<unknown>): Record<string, unknown> {
	const fields: Record<string, unknown> = Object.create(null);
	for (const key of ALL_FIELDS) if (map.has(key)) fields[key] = map.get(key);
	return fields;
}

/**
 * Validate one value of `doc.getMap(ELEMENTS_KEY)`; `id` is its key. Returns null for anything
 * that is not a Y.Map holding a well-formed element. Never throws.
 */
export function parseElement(id: string, value: unknown): BoardElement | null {
	if (!(value instanceof Y.Map)) return null;
	return parseFields(id, readFields(value));
}
