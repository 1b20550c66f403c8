/**
 * How a drag from `a` to `b` becomes a line, an arrow, a rectangle or an ellipse. Pure.
 */
import type { LinearElement, ShapeElement } from '$lib/board/elements';
import type { Point } from '$lib/geometry/point';

export type ShapeType = LinearElement['type'] | ShapeElement['type'];

export interface DragModifiers {
	/** Lines snap to 15° steps; boxes become squares/circles. */
	shift: boolean;
	/** Boxes grow from their centre. */
	alt: boolean;
}

const ANGLE_STEP = Math.PI / 12;

/** The end of a line from `a` towards `b`, snapped to the nearest 15° when `snap`. */
export function lineEnd(a: Point, b: Point, snap: boolean): Point {
	if (!snap) return b;
	const length = Math.hypot(b.x - a.x, b.y - a.y);
	const angle = Math.round(Math.atan2(b.y - a.y, b.x - a.x) / ANGLE_STEP) * ANGLE_STEP;
	return { x: a.x + Math.cos(angle) * length, y: a.y + Math.sin(angle) * length };
}

/** The box dragged from `a` to `b`: normalised so w, h >= 0. */
export function dragBox(
	a: Point,
	b: Point,
	{ shift, alt }: DragModifiers
): { x: number; y: number; w: number; h: number } {
	let dx = b.x - a.x;
	let dy = b.y - a.y;
	if (shift) {
		const side = Math.max(Math.abs(dx), Math.abs(dy));
		dx = Math.sign(dx || 1) * side;
		dy = Math.sign(dy || 1) * side;
	}
	if (alt) {
		return {
			x: a.x - Math.abs(dx),
			y: a.y - Math.abs(dy),
			w: 2 * Math.abs(dx),
			h: 2 * Math.abs(dy)
		};
	}
	return {
		x: Math.min(a.x, a.x + dx),
		y: Math.min(a.y, a.y + dy),
		w: Math.abs(dx),
		h: Math.abs(dy)
	};
}
