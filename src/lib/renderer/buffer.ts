/**
 * An offscreen canvas for the renderer's bitmaps (overview, back buffer, scratch copy). CPU-backed
 * (willReadFrequently): slices force rasterisation with a one-pixel read, which must not stall on
 * a GPU readback, and the bitmaps are only ever copied onto the screen canvas.
 */
import type { Context2D } from './paint';

export interface Buffer {
	readonly canvas: OffscreenCanvas | HTMLCanvasElement;
	readonly ctx: Context2D;
	resize(width: number, height: number): void;
}

export function createBuffer(width: number, height: number): Buffer {
	const canvas =
		typeof OffscreenCanvas === 'function'
			? new OffscreenCanvas(width, height)
			: Object.assign(document.createElement('canvas'), { width, height });
	const ctx = canvas.getContext('2d', {
		alpha: false,
		willReadFrequently: true
	}) as Context2D | null;
	if (ctx === null) throw new Error('2D canvas is not available');
	return {
		canvas,
		ctx,
		resize(w: number, h: number) {
			// Assigning a size clears the bitmap, so only when it changes.
			if (canvas.width !== w) canvas.width = w;
			if (canvas.height !== h) canvas.height = h;
		}
	};
}
