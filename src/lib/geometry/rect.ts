import type { Point } from './point';

/** Axis-aligned rectangle; `null` stands for "nothing" wherever a Rect may be empty. */
export interface Rect {
	minX: number;
	minY: number;
	maxX: number;
	maxY: number;
}

export function rectUnion(a: Rect | null, b: Rect | null): Rect | null {
	if (a === null) return b;
	if (b === null) return a;
	return {
		minX: Math.min(a.minX, b.minX),
		minY: Math.min(a.minY, b.minY),
		maxX: Math.max(a.maxX, b.maxX),
		maxY: Math.max(a.maxY, b.maxY)
	};
}

export function rectIntersection(a: Rect, b: Rect): Rect | null {
	const r = {
		minX: Math.max(a.minX, b.minX),
		minY: Math.max(a.minY, b.minY),
		maxX: Math.min(a.maxX, b.maxX),
		maxY: Math.min(a.maxY, b.maxY)
	};
	return r.minX <= r.maxX && r.minY <= r.maxY ? r : null;
}

/** True if the rectangles overlap or touch. */
export const rectsIntersect = (a: Rect, b: Rect): boolean =>
	a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;

export const expandRect = (r: Rect, by: number): Rect => ({
	minX: r.minX - by,
	minY: r.minY - by,
	maxX: r.maxX + by,
	maxY: r.maxY + by
});

export const rectWidth = (r: Rect): number => r.maxX - r.minX;
export const rectHeight = (r: Rect): number => r.maxY - r.minY;

/** The normalised rectangle spanning two corners (e.g. a marquee's start and current point). */
export const rectFromPoints = (a: Point, b: Point): Rect => ({
	minX: Math.min(a.x, b.x),
	minY: Math.min(a.y, b.y),
	maxX: Math.max(a.x, b.x),
	maxY: Math.max(a.y, b.y)
});

/** Smallest rectangle containing all of them; null for none. */
export function unionRects(rects: Iterable<Rect>): Rect | null {
	let union: Rect | null = null;
	for (const r of rects) union = rectUnion(union, r);
	return union;
}

/** True if `p` is inside or on the edge of `r`. */
export const rectContainsPoint = (r: Rect, p: Point): boolean =>
	p.x >= r.minX && p.x <= r.maxX && p.y >= r.minY && p.y <= r.maxY;

/** True if `inner` lies entirely inside `outer` (edges may touch). */
export const rectContainsRect = (outer: Rect, inner: Rect): boolean =>
	inner.minX >= outer.minX &&
	inner.maxX <= outer.maxX &&
	inner.minY >= outer.minY &&
	inner.maxY <= outer.maxY;

/** True if the segment from `a` to `b` touches `r` (Liang–Barsky clipping). */
export function segmentIntersectsRect(a: Point, b: Point, r: Rect): boolean {
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	let t0 = 0;
	let t1 = 1;
	// For each edge: p * t <= q keeps the point on the inner side.
	const edges: ReadonlyArray<readonly [number, number]> = [
		[-dx, a.x - r.minX],
		[dx, r.maxX - a.x],
		[-dy, a.y - r.minY],
		[dy, r.maxY - a.y]
	];
	for (const [p, q] of edges) {
		if (p === 0) {
			if (q < 0) return false;
		} else {
			const t = q / p;
			if (p < 0) t0 = Math.max(t0, t);
			else t1 = Math.min(t1, t);
			if (t0 > t1) return false;
		}
	}
	return true;
}
