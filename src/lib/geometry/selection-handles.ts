/**
 * Geometry of the selection's resize handles, shared by the overlay (drawing) and the select tool
 * (hit testing), so what is drawn is exactly what can be grabbed. Pure; board coordinates in and
 * out, with sizes given in screen pixels and divided by the zoom.
 */
import type { Point } from './point';
import { rectHeight, rectWidth, type Rect } from './rect';

export type HandleName = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';

export interface SelectionHandle {
	name: HandleName;
	/** Centre, board coordinates. */
	x: number;
	y: number;
	/** The square drawn, board coordinates. */
	rect: Rect;
}

/** Side of a handle square in CSS pixels, whatever the zoom. */
export const HANDLE_SIZE = 8;
/** Extra reach around a handle for grabbing it, CSS pixels (touch needs more than a mouse). */
export const HANDLE_HIT_SLOP = 4;

/** Where each handle sits as a fraction of the box (0 = min, 1 = max). */
const LAYOUT: readonly (readonly [HandleName, number, number])[] = [
	['nw', 0, 0],
	['n', 0.5, 0],
	['ne', 1, 0],
	['e', 1, 0.5],
	['se', 1, 1],
	['s', 0.5, 1],
	['sw', 0, 1],
	['w', 0, 0.5]
];

const square = (x: number, y: number, half: number): Rect => ({
	minX: x - half,
	minY: y - half,
	maxX: x + half,
	maxY: y + half
});

/**
 * The 8 handles of a selection box. Edge handles are left out along a side that is too short on
 * screen to hold three handles apart; corners always stay.
 */
export function selectionHandles(rect: Rect, zoom: number): SelectionHandle[] {
	const half = HANDLE_SIZE / 2 / zoom;
	const w = rectWidth(rect);
	const h = rectHeight(rect);
	const roomX = w * zoom >= HANDLE_SIZE * 3;
	const roomY = h * zoom >= HANDLE_SIZE * 3;
	const handles: SelectionHandle[] = [];
	for (const [name, fx, fy] of LAYOUT) {
		if ((fx === 0.5 && !roomX) || (fy === 0.5 && !roomY)) continue;
		const x = rect.minX + w * fx;
		const y = rect.minY + h * fy;
		handles.push({ name, x, y, rect: square(x, y, half) });
	}
	return handles;
}

/**
 * The handle under a board-space point, or null. Corners win over edges where they overlap,
 * then the nearest centre.
 */
export function handleAtPoint(
	rect: Rect,
	zoom: number,
	point: Point,
	slop = HANDLE_HIT_SLOP
): HandleName | null {
	const reach = (HANDLE_SIZE / 2 + slop) / zoom;
	let best: { name: HandleName; corner: boolean; d: number } | null = null;
	for (const handle of selectionHandles(rect, zoom)) {
		const dx = Math.abs(point.x - handle.x);
		const dy = Math.abs(point.y - handle.y);
		if (dx > reach || dy > reach) continue;
		const corner = handle.name.length === 2;
		const d = Math.max(dx, dy);
		if (best === null || (corner && !best.corner) || (corner === best.corner && d < best.d)) {
			best = { name: handle.name, corner, d };
		}
	}
	return best?.name ?? null;
}
