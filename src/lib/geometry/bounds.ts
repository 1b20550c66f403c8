import type { Point } from './point';
import { expandRect, type Rect } from './rect';

/**
 * Bounding box of a polyline drawn with the given line width (round caps reach width/2 past
 * the points). Quadratic smoothing through midpoints stays inside the points' convex hull, so
 * this also bounds the smoothed path. Null for no points.
 */
export function boundsOfPoints(points: readonly Point[], lineWidth = 0): Rect | null {
	const first = points[0];
	if (first === undefined) return null;
	let minX = first.x;
	let minY = first.y;
	let maxX = first.x;
	let maxY = first.y;
	for (const { x, y } of points) {
		if (x < minX) minX = x;
		else if (x > maxX) maxX = x;
		if (y < minY) minY = y;
		else if (y > maxY) maxY = y;
	}
	return expandRect({ minX, minY, maxX, maxY }, lineWidth / 2);
}
