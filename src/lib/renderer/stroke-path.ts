import { midpoint, type Point } from '$lib/geometry/point';

/** The subset of CanvasPath used here: both Path2D and CanvasRenderingContext2D fit. */
export interface PathSink {
	moveTo(x: number, y: number): void;
	lineTo(x: number, y: number): void;
	quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void;
	arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
}

/** How the traced path must be painted: a single point becomes a filled dot. */
export type PaintMode = 'stroke' | 'fill';

/**
 * Trace a smoothed polyline: quadratic curves through the midpoints of consecutive points, with
 * each sample as the control point. Cheap, C1-continuous, and stays inside the points' hull.
 * A single point is traced as a circle of the line width (a zero-length line may draw nothing).
 */
export function traceStroke(
	sink: PathSink,
	points: readonly Point[],
	lineWidth: number
): PaintMode {
	const first = points[0];
	if (first === undefined) return 'stroke';
	if (points.length === 1) {
		const radius = lineWidth / 2;
		sink.moveTo(first.x + radius, first.y);
		sink.arc(first.x, first.y, radius, 0, Math.PI * 2);
		return 'fill';
	}
	sink.moveTo(first.x, first.y);
	for (let i = 1; i < points.length - 1; i++) {
		const control = points[i] as Point;
		const end = midpoint(control, points[i + 1] as Point);
		sink.quadraticCurveTo(control.x, control.y, end.x, end.y);
	}
	const last = points[points.length - 1] as Point;
	sink.lineTo(last.x, last.y);
	return 'stroke';
}
