import type { Viewport } from '$lib/geometry/viewport';

/** Everything needed to map board coordinates onto a canvas's device pixels. */
export interface Surface {
	cssWidth: number;
	cssHeight: number;
	/** Device pixels per CSS pixel. */
	dpr: number;
	viewport: Viewport;
}

/** Device pixels per board unit. */
export const deviceScale = (s: Surface): number => s.dpr * s.viewport.zoom;

/** Make the context draw in board coordinates. */
export function applyBoardTransform(ctx: CanvasRenderingContext2D, s: Surface): void {
	const k = deviceScale(s);
	ctx.setTransform(k, 0, 0, k, -s.viewport.x * k, -s.viewport.y * k);
}

/** Size a canvas's backing store for the surface; returns false if it was already that size. */
export function sizeCanvas(canvas: HTMLCanvasElement, deviceWidth: number, deviceHeight: number) {
	const w = Math.max(1, Math.round(deviceWidth));
	const h = Math.max(1, Math.round(deviceHeight));
	if (canvas.width === w && canvas.height === h) return false;
	// Assigning width/height clears the canvas, so only do it when the size really changed.
	canvas.width = w;
	canvas.height = h;
	return true;
}
