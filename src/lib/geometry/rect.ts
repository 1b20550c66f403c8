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
