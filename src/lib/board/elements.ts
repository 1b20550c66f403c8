/**
 * The element types of a board, as the rest of the app sees them once validated. Stored in the
 * Y.Doc as one Y.Map per element (see PROTOCOL.md, "Board document").
 */

/** One sampled pointer position; in a freehand element, relative to the element's (x, y). */
export interface StrokePoint {
	x: number;
	y: number;
	/** 0..1; mice report no pressure and get 0.5. */
	pressure: number;
}

export type ElementType =
	'pen' | 'highlighter' | 'line' | 'arrow' | 'rectangle' | 'ellipse' | 'text' | 'note' | 'image';

interface ElementBase {
	id: string;
	/** Origin of the element in board coordinates (CSS px at zoom 1). */
	x: number;
	y: number;
	/** Stacking order; ties (concurrent adds on two peers) are broken by id. */
	z: number;
	createdAt: number;
	/** Hex colour: #rgb, #rgba, #rrggbb or #rrggbbaa. */
	color: string;
	/** Stroke width in board px. Text ignores it. */
	width: number;
}

/** Pen: pressure-sensitive outline. Highlighter: wide, translucent, flat ends. */
export interface FreehandElement extends ElementBase {
	type: 'pen' | 'highlighter';
	points: StrokePoint[];
}

/** A straight segment from (x, y) to (x + dx, y + dy); an arrow has its head at the end. */
export interface LinearElement extends ElementBase {
	type: 'line' | 'arrow';
	dx: number;
	dy: number;
}

/** An axis-aligned box from (x, y) of size (w, h), both >= 0. `fill` null draws the outline only. */
export interface ShapeElement extends ElementBase {
	type: 'rectangle' | 'ellipse';
	w: number;
	h: number;
	fill: string | null;
}

/** Text with its top-left at (x, y); lines split on '\n'. Always rendered as text, never HTML. */
export interface TextElement extends ElementBase {
	type: 'text';
	text: string;
	fontSize: number;
}

/**
 * A sticky note: a box from (x, y) of size (w, h) whose paper is a light tint of `color`, with
 * `text` wrapped inside and sized to fit (geometry/note-layout.ts). Rendered as text, never HTML.
 */
export interface NoteElement extends ElementBase {
	type: 'note';
	w: number;
	h: number;
	text: string;
}

/** An image drawn into the box from (x, y) of size (w, h); its bytes are the blob `blob` names. */
export interface ImageElement extends ElementBase {
	type: 'image';
	w: number;
	h: number;
	/** SHA-256 of the image bytes (board/blobs.ts), base64url. */
	blob: string;
	mime: ImageMime;
}

/** What an image blob is encoded as (the app re-encodes every image it adds to one of these). */
export const IMAGE_MIMES = ['image/webp', 'image/png', 'image/jpeg'] as const;
export type ImageMime = (typeof IMAGE_MIMES)[number];

export type BoardElement =
	FreehandElement | LinearElement | ShapeElement | TextElement | NoteElement | ImageElement;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a tool hands to `board.add()`: the board assigns id, z and createdAt. */
export type ElementInput = DistributiveOmit<BoardElement, 'id' | 'z' | 'createdAt'>;

/** Fields a change may set; never id, type or createdAt. */
export type ElementPatch = Partial<
	Pick<ElementBase, 'x' | 'y' | 'z' | 'color' | 'width'> &
		Pick<FreehandElement, 'points'> &
		Pick<LinearElement, 'dx' | 'dy'> &
		Pick<ShapeElement, 'w' | 'h' | 'fill'> &
		Pick<TextElement, 'text' | 'fontSize'>
>;

/** Ids of valid elements that appeared, disappeared or changed in one Yjs transaction. */
export interface BoardChange {
	added: string[];
	removed: string[];
	updated: string[];
}
