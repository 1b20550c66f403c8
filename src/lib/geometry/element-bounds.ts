/**
 * Bounds of board elements, shared by the renderer (dirty regions, culling), hit testing and
 * selection. Stroke width is included: round caps and joins reach width / 2 past the geometry.
 */
import type { BoardElement, LinearElement, TextElement } from '$lib/board/elements';
import { boundsOfPoints } from './bounds';
import type { Point } from './point';
import { expandRect, rectUnion, type Rect } from './rect';

/** Estimated advance of one character, as a fraction of the font size. */
export const TEXT_CHAR_WIDTH = 0.6;
/** Height of one line, as a multiple of the font size. */
export const TEXT_LINE_HEIGHT = 1.25;

export interface TextSize {
	width: number;
	height: number;
}

/**
 * Measures a text element's lines. Every caller is handed one (the page's, backed by canvas
 * measureText: renderer/text-measure.ts), so the renderer, hit testing and the selection box
 * agree on where a text is; there is no default to forget.
 */
export type TextMeasure = (text: string, fontSize: number) => TextSize;

/**
 * The TextMeasure where there is no canvas (Node, tests): TEXT_CHAR_WIDTH × fontSize per
 * character (code point) of the longest line, TEXT_LINE_HEIGHT × fontSize per line.
 */
export const estimateTextSize: TextMeasure = (text, fontSize) => {
	const lines = text.split('\n');
	let longest = 0;
	for (const line of lines) longest = Math.max(longest, Array.from(line).length);
	return {
		width: longest * TEXT_CHAR_WIDTH * fontSize,
		height: lines.length * TEXT_LINE_HEIGHT * fontSize
	};
};

/** An arrow head's barbs leave the tip at ±this angle from the shaft. */
export const ARROW_HEAD_ANGLE = Math.PI / 6;
export const ARROW_HEAD_MIN_LENGTH = 10;
export const ARROW_HEAD_LENGTH_PER_WIDTH = 3;

export const arrowHeadLength = (width: number): number =>
	Math.max(ARROW_HEAD_MIN_LENGTH, width * ARROW_HEAD_LENGTH_PER_WIDTH);

/**
 * The far ends of an arrow's two barbs (board coordinates); each is drawn from the tip
 * (x + dx, y + dy). A zero-length arrow points right.
 */
export function arrowHead(el: LinearElement): [Point, Point] {
	const length = Math.hypot(el.dx, el.dy);
	const ux = length === 0 ? 1 : el.dx / length;
	const uy = length === 0 ? 0 : el.dy / length;
	const head = arrowHeadLength(el.width);
	const tip = { x: el.x + el.dx, y: el.y + el.dy };
	const barb = (angle: number): Point => {
		const cos = Math.cos(angle);
		const sin = Math.sin(angle);
		// Rotate the backwards direction (-u) by ±angle.
		return {
			x: tip.x - head * (ux * cos - uy * sin),
			y: tip.y - head * (uy * cos + ux * sin)
		};
	};
	return [barb(ARROW_HEAD_ANGLE), barb(-ARROW_HEAD_ANGLE)];
}

/** The box a text element occupies: its top-left is (x, y). */
export function textBounds(el: TextElement, measure: TextMeasure): Rect {
	const { width, height } = measure(el.text, el.fontSize);
	return { minX: el.x, minY: el.y, maxX: el.x + width, maxY: el.y + height };
}

/** Freehand points in board coordinates (they are stored relative to x, y). */
export const absolutePoints = (el: { x: number; y: number; points: readonly Point[] }): Point[] =>
	el.points.map((p) => ({ x: el.x + p.x, y: el.y + p.y }));

/** Everything the element paints, stroke width included. */
export function elementBounds(el: BoardElement, measure: TextMeasure): Rect {
	const half = el.width / 2;
	switch (el.type) {
		case 'pen':
		case 'highlighter': {
			const local = boundsOfPoints(el.points, el.width) ?? expandRect(zeroRect(0, 0), half);
			return {
				minX: el.x + local.minX,
				minY: el.y + local.minY,
				maxX: el.x + local.maxX,
				maxY: el.y + local.maxY
			};
		}
		case 'line':
		case 'arrow': {
			const ends: Point[] = [
				{ x: el.x, y: el.y },
				{ x: el.x + el.dx, y: el.y + el.dy }
			];
			if (el.type === 'arrow') ends.push(...arrowHead(el));
			return boundsOfPoints(ends, el.width) ?? zeroRect(el.x, el.y);
		}
		case 'rectangle':
		case 'ellipse':
			return expandRect({ minX: el.x, minY: el.y, maxX: el.x + el.w, maxY: el.y + el.h }, half);
		case 'text':
			return textBounds(el, measure);
		case 'image':
		case 'note':
			// Paper (or picture) only: no outline, and the text stays inside.
			return { minX: el.x, minY: el.y, maxX: el.x + el.w, maxY: el.y + el.h };
	}
}

/**
 * The box around several elements: the selection box (outline and handles) and the content
 * zoom-to-fit shows. Null for none.
 */
export function boundsOfElements(
	elements: readonly BoardElement[],
	measure: TextMeasure
): Rect | null {
	let union: Rect | null = null;
	for (const el of elements) union = rectUnion(union, elementBounds(el, measure));
	return union;
}

const zeroRect = (x: number, y: number): Rect => ({ minX: x, minY: y, maxX: x, maxY: y });
