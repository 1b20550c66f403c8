export interface Point {
	x: number;
	y: number;
}

export const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

export const midpoint = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/** Distance from `p` to the segment from `a` to `b` (to `a` if the segment has no length). */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
	const vx = b.x - a.x;
	const vy = b.y - a.y;
	const lengthSq = vx * vx + vy * vy;
	const t =
		lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * vx + (p.y - a.y) * vy) / lengthSq));
	return Math.hypot(p.x - (a.x + t * vx), p.y - (a.y + t * vy));
}
