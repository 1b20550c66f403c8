/**
 * Resizing: map an element from one box (usually the selection's bounds) to another, the way a
 * resize handle drags it. Returns a patch for `board.update`; pure and deterministic.
 */
import type { BoardElement, ElementPatch } from '$lib/board/elements';
import { clamp, MAX_ABS_COORD, MAX_FONT_SIZE, MAX_SIZE, MIN_FONT_SIZE } from '$lib/board/limits';
import { textBounds, type TextMeasure } from './element-bounds';
import type { Point } from './point';
import { rectFromPoints, rectHeight, rectWidth, type Rect } from './rect';

const coord = (value: number): number => clamp(value, -MAX_ABS_COORD, MAX_ABS_COORD);
const size = (value: number): number => clamp(value, 0, MAX_SIZE);

/**
 * Scales the element's position and geometry (points, dx/dy, w/h, fontSize) by the mapping of
 * `from` onto `to`. `to` may be flipped (min > max, a handle dragged past the opposite edge):
 * freehand and lines mirror, boxes are normalised so w, h stay >= 0. A side of `from` with no
 * extent only translates. Stroke width is kept. Text keeps its proportions and scales its
 * font size by the geometric mean of the two factors. Results are clamped to the schema limits.
 */
export function resizeElement(
	el: BoardElement,
	from: Rect,
	to: Rect,
	measure: TextMeasure
): ElementPatch {
	const fromW = rectWidth(from);
	const fromH = rectHeight(from);
	const sx = fromW > 0 ? rectWidth(to) / fromW : 1;
	const sy = fromH > 0 ? rectHeight(to) / fromH : 1;
	const map = (p: Point): Point => ({
		x: to.minX + (p.x - from.minX) * sx,
		y: to.minY + (p.y - from.minY) * sy
	});
	switch (el.type) {
		case 'pen':
		case 'highlighter': {
			const origin = map(el);
			const limit = (v: number) => clamp(v, -MAX_ABS_COORD, MAX_ABS_COORD);
			return {
				x: coord(origin.x),
				y: coord(origin.y),
				points: el.points.map((p) => ({
					x: limit(p.x * sx),
					y: limit(p.y * sy),
					pressure: p.pressure
				}))
			};
		}
		case 'line':
		case 'arrow': {
			const start = map(el);
			return { x: coord(start.x), y: coord(start.y), dx: coord(el.dx * sx), dy: coord(el.dy * sy) };
		}
		case 'rectangle':
		case 'ellipse':
		case 'note': {
			const box = rectFromPoints(map(el), map({ x: el.x + el.w, y: el.y + el.h }));
			return {
				x: coord(box.minX),
				y: coord(box.minY),
				w: size(rectWidth(box)),
				h: size(rectHeight(box))
			};
		}
		case 'image': {
			// A picture keeps its proportions: one scale, the geometric mean of the two.
			const scale = Math.sqrt(Math.abs(sx * sy));
			const box = rectFromPoints(map(el), map({ x: el.x + el.w, y: el.y + el.h }));
			return {
				x: coord(box.minX),
				y: coord(box.minY),
				w: size(el.w * scale),
				h: size(el.h * scale)
			};
		}
		case 'text': {
			const bounds = textBounds(el, measure);
			const box = rectFromPoints(
				map({ x: bounds.minX, y: bounds.minY }),
				map({ x: bounds.maxX, y: bounds.maxY })
			);
			const scale = Math.sqrt(Math.abs(sx * sy));
			return {
				x: coord(box.minX),
				y: coord(box.minY),
				fontSize: clamp(el.fontSize * scale, MIN_FONT_SIZE, MAX_FONT_SIZE)
			};
		}
	}
}
