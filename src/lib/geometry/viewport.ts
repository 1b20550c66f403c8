import type { Point } from './point';

/**
 * Maps board coordinates to screen (CSS px relative to the canvas):
 * screen = (board - {x, y}) * zoom. There is no pan/zoom UI yet, so it is the identity for now;
 * everything that converts coordinates already goes through it.
 */
export interface Viewport {
	/** Board coordinate shown at the canvas's left edge. */
	x: number;
	/** Board coordinate shown at the canvas's top edge. */
	y: number;
	zoom: number;
}

export const IDENTITY_VIEWPORT: Readonly<Viewport> = { x: 0, y: 0, zoom: 1 };

export const screenToBoard = (v: Viewport, p: Point): Point => ({
	x: p.x / v.zoom + v.x,
	y: p.y / v.zoom + v.y
});

export const boardToScreen = (v: Viewport, p: Point): Point => ({
	x: (p.x - v.x) * v.zoom,
	y: (p.y - v.y) * v.zoom
});
