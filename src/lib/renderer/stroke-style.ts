import type { StrokePoint } from '$lib/board/types';

export const BACKGROUND_COLOR = '#ffffff';

/**
 * Line width actually drawn: the chosen width scaled by the stroke's average pressure, so a
 * mouse (constant 0.5) draws exactly the chosen width and a pen drawn lightly comes out thinner.
 * One width per stroke keeps the Path2D a single stroke() call.
 */
export function lineWidthFor(width: number, points: readonly StrokePoint[]): number {
	if (points.length === 0) return width;
	let sum = 0;
	for (const p of points) sum += p.pressure;
	const factor = 0.5 + sum / points.length; // 0.5..1.5
	return width * Math.min(1.5, Math.max(0.5, factor));
}
