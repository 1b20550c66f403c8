/**
 * Freehand geometry: the perfect-freehand outline of a pen stroke and the smoothed centre line of
 * a highlighter stroke. Pure functions; the tracers write into any PathSink.
 */
import { getStroke, type StrokeOptions } from 'perfect-freehand';
import type { StrokePoint } from '$lib/board/elements';
import type { PathSink } from './path-sink';

export type Vec2 = readonly [number, number];

/** A pressure-sensitive pen: thin when light, up to 1.5x the width when pressed hard. */
export const PEN_THINNING = 0.5;
/** How far the outline may reach from a point, in multiples of the width (at pressure 1). */
export const PEN_MAX_RADIUS = 0.5 + PEN_THINNING / 2;
export const HIGHLIGHTER_ALPHA = 0.35;

/** Mice report 0.5 for every point (stored as 128/255): simulate pressure from speed instead. */
const MOUSE_PRESSURE_TOLERANCE = 0.005;

export function hasConstantMousePressure(points: readonly StrokePoint[]): boolean {
	for (const p of points) {
		if (Math.abs(p.pressure - 0.5) > MOUSE_PRESSURE_TOLERANCE) return false;
	}
	return true;
}

export function penStrokeOptions(points: readonly StrokePoint[], width: number): StrokeOptions {
	return {
		size: width,
		thinning: PEN_THINNING,
		smoothing: 0.5,
		streamline: 0.5,
		simulatePressure: hasConstantMousePressure(points),
		last: true
	};
}

/** The outline polygon of a pen stroke, as [x, y] pairs in the points' coordinates. */
export function penOutline(points: readonly StrokePoint[], width: number): Vec2[] {
	if (points.length === 0) return [];
	// getStroke only reads its input; its signature is just not readonly.
	return getStroke(points as StrokePoint[], penStrokeOptions(points, width));
}

/**
 * Trace a closed outline smoothly: quadratic curves through the midpoints of its edges, each
 * vertex a control point (perfect-freehand's own SVG recipe). Stays inside the polygon's hull.
 */
export function traceOutline(sink: PathSink, outline: readonly Vec2[]): void {
	const n = outline.length;
	if (n === 0) return;
	const at = (i: number) => outline[i % n] as Vec2;
	const [x0, y0] = at(0);
	const [x1, y1] = at(1);
	sink.moveTo((x0 + x1) / 2, (y0 + y1) / 2);
	for (let i = 1; i <= n; i++) {
		const [cx, cy] = at(i);
		const [nx, ny] = at(i + 1);
		sink.quadraticCurveTo(cx, cy, (cx + nx) / 2, (cy + ny) / 2);
	}
	sink.closePath();
}

/**
 * Trace a smoothed open polyline (quadratic curves through consecutive midpoints, ending on the
 * last point). Needs at least two points; the caller handles a single one.
 */
export function traceCenterline(sink: PathSink, points: readonly { x: number; y: number }[]): void {
	const n = points.length;
	if (n === 0) return;
	const at = (i: number) => points[i] as { x: number; y: number };
	sink.moveTo(at(0).x, at(0).y);
	for (let i = 1; i < n - 1; i++) {
		const c = at(i);
		const next = at(i + 1);
		sink.quadraticCurveTo(c.x, c.y, (c.x + next.x) / 2, (c.y + next.y) / 2);
	}
	sink.lineTo(at(n - 1).x, at(n - 1).y);
}
