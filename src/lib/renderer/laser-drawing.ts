/**
 * A laser pointer's trail on the overlay: a glowing red line, transparent at its oldest end and
 * solid at the pointer, the same width on screen at every zoom.
 */
import type { Point } from '$lib/geometry/point';
import { deviceScale, type Surface } from './surface';

const LASER_COLOR = '255, 59, 48';
/** Screen pixels. */
const LASER_WIDTH = 4;
const GLOW_WIDTH = 10;

export function paintLaser(
	ctx: CanvasRenderingContext2D,
	points: readonly Point[],
	s: Surface
): void {
	if (points.length === 0) return;
	const k = deviceScale(s);
	const at = (p: Point): [number, number] => [(p.x - s.viewport.x) * k, (p.y - s.viewport.y) * k];
	ctx.setTransform(1, 0, 0, 1, 0, 0);
	ctx.lineCap = 'round';
	ctx.lineJoin = 'round';
	const n = points.length;
	for (const [width, strength] of [
		[GLOW_WIDTH, 0.25],
		[LASER_WIDTH, 1]
	] as const) {
		ctx.lineWidth = width * s.dpr;
		if (n === 1) {
			const [x, y] = at(points[0]!);
			ctx.fillStyle = `rgba(${LASER_COLOR}, ${strength})`;
			ctx.beginPath();
			ctx.arc(x, y, (width * s.dpr) / 2, 0, Math.PI * 2);
			ctx.fill();
			continue;
		}
		// One segment at a time: each gets the alpha of its age.
		for (let i = 1; i < n; i++) {
			ctx.strokeStyle = `rgba(${LASER_COLOR}, ${(strength * i) / (n - 1)})`;
			ctx.beginPath();
			ctx.moveTo(...at(points[i - 1]!));
			ctx.lineTo(...at(points[i]!));
			ctx.stroke();
		}
	}
}
