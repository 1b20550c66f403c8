/**
 * What an element looks like, as data: a few draw operations on paths in the element's own
 * coordinates (relative to its x, y). Pure; the path type is injected (Path2D on screen and in
 * the PNG export, a recorder in tests). Painting them is paint.ts; SVG export reuses the pieces.
 */
import type {
	BoardElement,
	ImageMime,
	FreehandElement,
	LinearElement,
	NoteElement,
	ShapeElement,
	TextElement
} from '$lib/board/elements';
import { arrowHead, TEXT_LINE_HEIGHT, type TextMeasure } from '$lib/geometry/element-bounds';
import { layoutNote, NOTE_INK, notePaper } from '$lib/geometry/note-layout';
import { HIGHLIGHTER_ALPHA, penOutline, traceCenterline, traceOutline } from './freehand';
import type { PathSink } from './path-sink';

export interface PathOp<P> {
	kind: 'fill' | 'stroke';
	path: P;
	/** The element's own colour, before any theme mapping. */
	color: string;
	alpha: number;
	/** Stroke only. */
	lineWidth: number;
	lineCap: CanvasLineCap;
	lineJoin: CanvasLineJoin;
}

export interface TextOp {
	kind: 'text';
	lines: string[];
	fontSize: number;
	color: string;
	/** Where the first line box starts: its left edge (or centre, when centred) and top. */
	x: number;
	y: number;
	align: 'left' | 'center';
	/** False for ink that must not follow the theme (a note's text on its light paper). */
	themed: boolean;
}

/** An image blob drawn into (0, 0, w, h); a placeholder while it is missing or decoding. */
export interface ImageOp {
	kind: 'image';
	blob: string;
	mime: ImageMime;
	w: number;
	h: number;
}

export type DrawOp<P> = PathOp<P> | TextOp | ImageOp;

/** How an image whose bytes are not (yet) here is shown: on canvas and in the SVG export. */
export const PLACEHOLDER_FILL = 'rgba(134, 142, 150, 0.18)';
export const PLACEHOLDER_STROKE = 'rgba(134, 142, 150, 0.7)';

export const TEXT_FONT_FAMILY = 'system-ui, sans-serif';
/** Line box height in multiples of the font size (a textarea editor should use the same). */
export { TEXT_LINE_HEIGHT };
export const textFont = (fontSize: number): string => `${fontSize}px ${TEXT_FONT_FAMILY}`;
export const textLines = (text: string): string[] => text.split('\n');

/** A zero-length line or arrow: a round dot of the stroke width. */
const dotOp = <P extends PathSink>(path: P, el: BoardElement, alpha: number): PathOp<P> => {
	path.ellipse(0, 0, el.width / 2, el.width / 2, 0, 0, Math.PI * 2);
	return fill(path, el.color, alpha);
};

const fill = <P>(path: P, color: string, alpha = 1): PathOp<P> => ({
	kind: 'fill',
	path,
	color,
	alpha,
	lineWidth: 0,
	lineCap: 'butt',
	lineJoin: 'miter'
});

const stroke = <P>(
	path: P,
	color: string,
	lineWidth: number,
	lineCap: CanvasLineCap,
	lineJoin: CanvasLineJoin,
	alpha = 1
): PathOp<P> => ({ kind: 'stroke', path, color, alpha, lineWidth, lineCap, lineJoin });

function freehandOps<P extends PathSink>(el: FreehandElement, newPath: () => P): DrawOp<P>[] {
	const path = newPath();
	if (el.type === 'pen') {
		traceOutline(path, penOutline(el.points, el.width));
		return [fill(path, el.color)];
	}
	const only = el.points[0];
	if (only !== undefined && el.points.length === 1) {
		// A tap: flat-ended marks would draw nothing for a zero-length line, so fill a square.
		const h = el.width / 2;
		path.moveTo(only.x - h, only.y - h);
		path.lineTo(only.x + h, only.y - h);
		path.lineTo(only.x + h, only.y + h);
		path.lineTo(only.x - h, only.y + h);
		path.closePath();
		return [fill(path, el.color, HIGHLIGHTER_ALPHA)];
	}
	// One stroke() of the whole line: where it crosses itself it does not get darker.
	traceCenterline(path, el.points);
	return [stroke(path, el.color, el.width, 'butt', 'round', HIGHLIGHTER_ALPHA)];
}

function linearOps<P extends PathSink>(el: LinearElement, newPath: () => P): DrawOp<P>[] {
	if (Math.hypot(el.dx, el.dy) < 1e-6) return [dotOp(newPath(), el, 1)];
	// Shaft and head in one path, stroked once: no darker overlap with translucent colours.
	const path = newPath();
	path.moveTo(0, 0);
	path.lineTo(el.dx, el.dy);
	if (el.type === 'arrow') {
		// The head is geometry's (hit testing and bounds use the same barbs), in local coordinates.
		const [a, b] = arrowHead(el);
		path.moveTo(a.x - el.x, a.y - el.y);
		path.lineTo(el.dx, el.dy);
		path.lineTo(b.x - el.x, b.y - el.y);
	}
	return [stroke(path, el.color, el.width, 'round', 'round')];
}

function shapeOps<P extends PathSink>(el: ShapeElement, newPath: () => P): DrawOp<P>[] {
	const path = newPath();
	if (el.type === 'rectangle') {
		path.moveTo(0, 0);
		path.lineTo(el.w, 0);
		path.lineTo(el.w, el.h);
		path.lineTo(0, el.h);
		path.closePath();
	} else {
		path.ellipse(el.w / 2, el.h / 2, el.w / 2, el.h / 2, 0, 0, Math.PI * 2);
	}
	const outline = stroke(path, el.color, el.width, 'butt', 'miter');
	return el.fill === null ? [outline] : [fill(path, el.fill), outline];
}

const textOps = (el: TextElement): DrawOp<never>[] => [
	{
		kind: 'text',
		lines: textLines(el.text),
		fontSize: el.fontSize,
		color: el.color,
		x: 0,
		y: 0,
		align: 'left',
		themed: true
	}
];

/** The paper, then the wrapped text centred on it. */
function noteOps<P extends PathSink>(
	el: NoteElement,
	newPath: () => P,
	measure: TextMeasure
): DrawOp<P>[] {
	const paper = newPath();
	paper.moveTo(0, 0);
	paper.lineTo(el.w, 0);
	paper.lineTo(el.w, el.h);
	paper.lineTo(0, el.h);
	paper.closePath();
	const { lines, fontSize } = layoutNote(el.text, el.w, el.h, measure);
	const height = lines.length * fontSize * TEXT_LINE_HEIGHT;
	const text: TextOp = {
		kind: 'text',
		lines,
		fontSize,
		color: NOTE_INK,
		x: el.w / 2,
		y: (el.h - height) / 2,
		align: 'center',
		themed: false
	};
	return [fill(paper, notePaper(el.color)), text];
}

/** The draw operations for one element, in its local coordinates, bottom first. */
export function elementOps<P extends PathSink>(
	el: BoardElement,
	newPath: () => P,
	measure: TextMeasure
): DrawOp<P>[] {
	switch (el.type) {
		case 'pen':
		case 'highlighter':
			return freehandOps(el, newPath);
		case 'line':
		case 'arrow':
			return linearOps(el, newPath);
		case 'rectangle':
		case 'ellipse':
			return shapeOps(el, newPath);
		case 'text':
			return textOps(el);
		case 'note':
			return noteOps(el, newPath, measure);
		case 'image':
			return [{ kind: 'image', blob: el.blob, mime: el.mime, w: el.w, h: el.h }];
	}
}
