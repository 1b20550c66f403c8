/**
 * Finding elements under the pointer. Tolerances are in screen px and divided by the zoom, so
 * picking feels the same at every zoom level.
 */
import type { Board } from '$lib/board/board';
import type { BoardElement } from '$lib/board/elements';
import type { TextMeasure } from '$lib/geometry/element-bounds';
import { hitTestElement } from '$lib/geometry/hit-test';
import type { Point } from '$lib/geometry/point';

/** How near (screen px) the pointer must be to an element's ink to pick it. */
export const PICK_TOLERANCE = 6;

/** The topmost element under `p`, skipping `exclude`. */
export function topmostAt(
	board: Board,
	p: Point,
	zoom: number,
	measure: TextMeasure,
	exclude: ReadonlySet<string> = new Set()
): BoardElement | null {
	const elements = board.elements();
	const tolerance = PICK_TOLERANCE / zoom;
	for (let i = elements.length - 1; i >= 0; i--) {
		const el = elements[i]!;
		if (!exclude.has(el.id) && hitTestElement(el, p, tolerance, measure)) return el;
	}
	return null;
}

/**
 * Ids of the elements touched by a pointer moving from `a` to `b`: sampled along the segment at
 * most `tolerance` apart, so a fast swipe does not jump over thin strokes.
 */
export function elementsAlong(
	board: Board,
	a: Point,
	b: Point,
	tolerance: number,
	exclude: ReadonlySet<string>,
	measure: TextMeasure
): string[] {
	const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / tolerance));
	const hits: string[] = [];
	for (const el of board.elements()) {
		if (exclude.has(el.id)) continue;
		for (let i = 0; i <= steps; i++) {
			const t = i / steps;
			const p = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
			if (hitTestElement(el, p, tolerance, measure)) {
				hits.push(el.id);
				break;
			}
		}
	}
	return hits;
}
