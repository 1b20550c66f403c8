import type { Viewport } from '$lib/geometry/viewport';

/** Everything needed to map board coordinates onto a canvas's device pixels. */
export interface Surface {
	cssWidth: number;
	cssHeight: number;
	/** Device pixels per CSS pixel. */
	dpr: number;
	/** Backing-store size in device pixels. */
	width: number;
	height: number;
	viewport: Viewport;
}

/** Device pixels per board unit. */
export const deviceScale = (s: Pick<Surface, 'dpr' | 'viewport'>): number =>
	s.dpr * s.viewport.zoom;

/**
 * The viewport moved onto the device pixel grid (at most half a device pixel away). Panning then
 * shifts the canvas by whole pixels, so the previous frame can be reused exactly.
 */
export function snapViewport(v: Viewport, dpr: number): Viewport {
	const k = v.zoom * dpr;
	return { x: Math.round(v.x * k) / k, y: Math.round(v.y * k) / k, zoom: v.zoom };
}

/** Size a canvas's backing store; returns false if it was already that size. */
export function sizeCanvas(canvas: HTMLCanvasElement, deviceWidth: number, deviceHeight: number) {
	const w = Math.max(1, Math.round(deviceWidth));
	const h = Math.max(1, Math.round(deviceHeight));
	if (canvas.width === w && canvas.height === h) return false;
	// Assigning width/height clears the canvas, so only do it when the size really changed.
	canvas.width = w;
	canvas.height = h;
	return true;
}
