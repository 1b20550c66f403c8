/**
 * Pixel work on the screen canvas that paints no elements: shifting the last frame for a pan,
 * copying a finished back buffer in, and composing a preview (the last exact frame, rescaled,
 * over the overview) while the exact frame is too costly to paint at once.
 */
import { createBuffer, type Buffer } from './buffer';
import type { Overview } from './overview';
import type { DeviceRect, ViewTransform } from './device';
import { transformOf, type DrawnView } from './redraw-plan';

/** Move the pixels already drawn by whole device pixels. */
export function scrollPixels(ctx: CanvasRenderingContext2D, dx: number, dy: number): void {
	ctx.save();
	ctx.setTransform(1, 0, 0, 1, 0, 0);
	ctx.globalCompositeOperation = 'copy';
	ctx.drawImage(ctx.canvas, dx, dy);
	ctx.restore();
}

/** Replace the canvas with a same-size buffer. */
export function copyPixels(ctx: CanvasRenderingContext2D, from: Buffer): void {
	ctx.save();
	ctx.setTransform(1, 0, 0, 1, 0, 0);
	ctx.globalCompositeOperation = 'copy';
	ctx.drawImage(from.canvas, 0, 0);
	ctx.restore();
}

/** Background, then the overview (if ready), in each box (null: the whole canvas). */
export function fillFromOverview(
	ctx: CanvasRenderingContext2D,
	overview: Overview,
	v: ViewTransform,
	background: string,
	boxes: readonly DeviceRect[] | null
): void {
	const all = { x: 0, y: 0, w: ctx.canvas.width, h: ctx.canvas.height };
	for (const b of boxes ?? [all]) {
		ctx.save();
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		if (boxes !== null) {
			ctx.beginPath();
			ctx.rect(b.x, b.y, b.w, b.h);
			ctx.clip();
		}
		ctx.fillStyle = background;
		ctx.fillRect(b.x, b.y, b.w, b.h);
		overview.drawInto(ctx, v, b);
		ctx.restore();
	}
}

export class Previewer {
	/** The last exact frame: previews are composed from it, never from earlier previews. */
	#exact: { buffer: Buffer; view: DrawnView } | null = null;

	/** Keep the exact frame on screen before the first preview covers it. */
	remember(ctx: CanvasRenderingContext2D, view: DrawnView): void {
		const buffer = this.#exact?.buffer ?? createBuffer(view.width, view.height);
		buffer.resize(view.width, view.height);
		buffer.ctx.drawImage(ctx.canvas, 0, 0);
		this.#exact = { buffer, view };
	}

	/** The kept frame is far away or stale: later previews come from the overview alone. */
	forget(): void {
		this.#exact = null;
	}

	/** Paint a stand-in for the frame at `next`. */
	compose(
		ctx: CanvasRenderingContext2D,
		next: DrawnView,
		overview: Overview,
		background: string
	): void {
		const v = transformOf(next);
		const exact = this.#exact?.view.dpr === next.dpr ? this.#exact : null;
		const overviewScale = overview.scale;
		// Where the old frame lands; it goes on top where it is sharper than the overview.
		let dest: DeviceRect | null = null;
		if (exact !== null) {
			const o = transformOf(exact.view);
			const s = v.scale / o.scale;
			if (overviewScale === null || o.scale > overviewScale) {
				const x = (o.x - v.x) * v.scale;
				const y = (o.y - v.y) * v.scale;
				dest = { x, y, w: exact.view.width * s, h: exact.view.height * s };
			}
		}
		const covered =
			dest !== null &&
			dest.x <= 0 &&
			dest.y <= 0 &&
			dest.x + dest.w >= next.width &&
			dest.y + dest.h >= next.height;
		// Zooming in, the old frame covers everything: nothing under it needs painting.
		if (!covered) fillFromOverview(ctx, overview, v, background, null);
		if (dest !== null && exact !== null) {
			ctx.save();
			ctx.setTransform(1, 0, 0, 1, 0, 0);
			ctx.imageSmoothingQuality = 'low';
			ctx.drawImage(exact.buffer.canvas, dest.x, dest.y, dest.w, dest.h);
			ctx.restore();
		}
	}
}
