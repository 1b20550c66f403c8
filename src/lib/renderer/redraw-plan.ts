/**
 * Decides how little of the static layer a frame must repaint. Pure, so it is unit-tested.
 */
import { rectUnion, type Rect } from '$lib/geometry/rect';
import type { Viewport } from '$lib/geometry/viewport';
import type { DeviceRect, ViewTransform } from './device';

/** Position in the z-order; equal z (concurrent adds) is ordered by id, like Board.elements(). */
export interface StackKey {
	z: number;
	id: string;
}

export const compareStackKeys = (a: StackKey, b: StackKey): number =>
	a.z - b.z || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface AddedElement extends StackKey {
	bounds: Rect;
}

export interface PendingRedraw {
	full: boolean;
	/** Union of old and new bounds of removed/updated/hidden/shown elements (board space). */
	dirty: Rect | null;
	added: AddedElement[];
}

export const emptyPending = (): PendingRedraw => ({ full: false, dirty: null, added: [] });

export type RedrawPlan =
	| { kind: 'none' }
	| { kind: 'full' }
	/** Paint these elements over what is there, in this order. */
	| { kind: 'append'; ids: string[] }
	/** Clear this board-space rectangle and repaint every element that intersects it. */
	| { kind: 'region'; rect: Rect };

/**
 * @param drawnTop the highest element already on the canvas (null if none)
 * @param canAppend false when part of the canvas was just repainted from the board (after a
 *   scroll): appending there would paint new elements twice (translucent ones would darken)
 */
export function planRedraw(
	pending: PendingRedraw,
	drawnTop: StackKey | null,
	canAppend = true
): RedrawPlan {
	if (pending.full) return { kind: 'full' };
	const added = [...pending.added].sort(compareStackKeys);
	const lowest = added[0];
	// The common case, a new element on top of everything, needs no clearing at all.
	if (canAppend && pending.dirty === null && lowest !== undefined) {
		if (drawnTop === null || compareStackKeys(lowest, drawnTop) > 0) {
			return { kind: 'append', ids: added.map((a) => a.id) };
		}
	}
	let rect = pending.dirty;
	for (const a of added) rect = rectUnion(rect, a.bounds);
	return rect === null ? { kind: 'none' } : { kind: 'region', rect };
}

/** What the canvas shows: enough to tell whether a new view can reuse its pixels. */
export interface DrawnView {
	viewport: Viewport;
	dpr: number;
	/** Device pixels. */
	width: number;
	height: number;
}

export const sameView = (a: DrawnView | null, b: DrawnView): boolean =>
	a !== null &&
	a.viewport.x === b.viewport.x &&
	a.viewport.y === b.viewport.y &&
	a.viewport.zoom === b.viewport.zoom &&
	a.dpr === b.dpr &&
	a.width === b.width &&
	a.height === b.height;

/** Board -> device pixels for a view: device = (board - {x, y}) * scale. */
export const transformOf = (v: DrawnView): ViewTransform => ({
	x: v.viewport.x,
	y: v.viewport.y,
	scale: v.viewport.zoom * v.dpr
});

export type ViewPlan =
	| { kind: 'same' }
	| { kind: 'full' }
	/** Shift the pixels by (dx, dy) device pixels, then repaint the uncovered strips. */
	| { kind: 'scroll'; dx: number; dy: number; strips: DeviceRect[] };

/**
 * How to get from the drawn view to the next one. Only a pan by whole device pixels (snapped
 * viewports guarantee it) at the same zoom, scale and size keeps pixels; it uncovers at most two
 * strips, returned disjoint.
 */
export function planView(drawn: DrawnView | null, next: DrawnView): ViewPlan {
	if (drawn === null) return { kind: 'full' };
	const { width: w, height: h } = next;
	if (drawn.width !== w || drawn.height !== h || drawn.dpr !== next.dpr) return { kind: 'full' };
	if (drawn.viewport.zoom !== next.viewport.zoom) return { kind: 'full' };
	const k = next.dpr * next.viewport.zoom;
	const exactDx = (drawn.viewport.x - next.viewport.x) * k;
	const exactDy = (drawn.viewport.y - next.viewport.y) * k;
	const dx = Math.round(exactDx);
	const dy = Math.round(exactDy);
	// Off the pixel grid (unsnapped viewports): pixels cannot be reused exactly.
	if (Math.abs(exactDx - dx) > 1e-3 || Math.abs(exactDy - dy) > 1e-3) return { kind: 'full' };
	if (dx === 0 && dy === 0) return { kind: 'same' };
	if (Math.abs(dx) >= w || Math.abs(dy) >= h) return { kind: 'full' };
	const strips: DeviceRect[] = [];
	// Columns uncovered on the left (dx > 0) or right, full height.
	if (dx > 0) strips.push({ x: 0, y: 0, w: dx, h });
	if (dx < 0) strips.push({ x: w + dx, y: 0, w: -dx, h });
	// Rows uncovered at the top or bottom, minus the columns already in the first strip.
	const x0 = Math.max(0, dx);
	const rowWidth = w - Math.abs(dx);
	if (dy > 0) strips.push({ x: x0, y: 0, w: rowWidth, h: dy });
	if (dy < 0) strips.push({ x: x0, y: h + dy, w: rowWidth, h: -dy });
	return { kind: 'scroll', dx, dy, strips };
}
