/**
 * Board coordinates ⇄ device pixels of a canvas. Pure; every canvas the renderer paints (the
 * screen, the overview bitmap, a back buffer) maps the board through a ViewTransform.
 */
import type { Rect } from '$lib/geometry/rect';

/** Board -> device pixels: device = (board - {x, y}) * scale. */
export interface ViewTransform {
	x: number;
	y: number;
	scale: number;
}

/** A rectangle in device pixels (whole numbers). */
export interface DeviceRect {
	x: number;
	y: number;
	w: number;
	h: number;
}

/** Board-space area of a device rectangle. */
export const deviceToBoard = (v: ViewTransform, b: DeviceRect): Rect => ({
	minX: b.x / v.scale + v.x,
	minY: b.y / v.scale + v.y,
	maxX: (b.x + b.w) / v.scale + v.x,
	maxY: (b.y + b.h) / v.scale + v.y
});

/** Antialiasing spills up to a device pixel past the geometric edge. */
export const AA_PADDING = 1;

/** Device rectangle covering a board rectangle plus antialiasing, clipped to a w × h canvas. */
export function boardToDevice(v: ViewTransform, r: Rect, w: number, h: number): DeviceRect | null {
	const x0 = Math.max(0, Math.floor((r.minX - v.x) * v.scale) - AA_PADDING);
	const y0 = Math.max(0, Math.floor((r.minY - v.y) * v.scale) - AA_PADDING);
	const x1 = Math.min(w, Math.ceil((r.maxX - v.x) * v.scale) + AA_PADDING);
	const y1 = Math.min(h, Math.ceil((r.maxY - v.y) * v.scale) + AA_PADDING);
	return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/** The whole of a w × h canvas. */
export const wholeBox = (size: { width: number; height: number }): DeviceRect => ({
	x: 0,
	y: 0,
	w: size.width,
	h: size.height
});
