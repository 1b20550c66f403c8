/**
 * Paints draw operations onto a 2D context whose transform already maps the element's local
 * coordinates. Shared by the static layer, the overlay (draft) and the PNG export.
 */
import { TEXT_LINE_HEIGHT } from '$lib/geometry/element-bounds';
import type { ImageMime } from '$lib/board/elements';
import type { InkMap } from '$lib/theme/ink';
import { PLACEHOLDER_FILL, PLACEHOLDER_STROKE, textFont, type DrawOp } from './element-drawing';

export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** A decoded image for a blob, or null while there is none (a placeholder is painted). */
export type ImageLookup = (blob: string, mime: ImageMime) => CanvasImageSource | null;

const NO_IMAGES: ImageLookup = () => null;

export function paintOps(
	ctx: Context2D,
	ops: readonly DrawOp<Path2D>[],
	ink: InkMap,
	images: ImageLookup = NO_IMAGES
): void {
	for (const op of ops) {
		if (op.kind === 'image') {
			ctx.globalAlpha = 1;
			const image = images(op.blob, op.mime);
			if (image !== null) ctx.drawImage(image, 0, 0, op.w, op.h);
			else paintPlaceholder(ctx, op.w, op.h);
			continue;
		}
		if (op.kind === 'text') {
			ctx.globalAlpha = 1;
			ctx.fillStyle = op.themed ? ink(op.color) : op.color;
			ctx.font = textFont(op.fontSize);
			ctx.textAlign = op.align;
			// Each line centred in its line box, as a textarea with the same line-height lays it out.
			ctx.textBaseline = 'middle';
			const lineHeight = op.fontSize * TEXT_LINE_HEIGHT;
			for (let i = 0; i < op.lines.length; i++) {
				ctx.fillText(op.lines[i] ?? '', op.x, op.y + (i + 0.5) * lineHeight);
			}
			continue;
		}
		ctx.globalAlpha = op.alpha;
		if (op.kind === 'fill') {
			ctx.fillStyle = ink(op.color);
			ctx.fill(op.path);
		} else {
			ctx.strokeStyle = ink(op.color);
			ctx.lineWidth = op.lineWidth;
			ctx.lineCap = op.lineCap;
			ctx.lineJoin = op.lineJoin;
			ctx.stroke(op.path);
		}
	}
	ctx.globalAlpha = 1;
}

/** Where an image is not (yet) here: a grey box, crossed. */
function paintPlaceholder(ctx: Context2D, w: number, h: number): void {
	ctx.fillStyle = PLACEHOLDER_FILL;
	ctx.fillRect(0, 0, w, h);
	ctx.strokeStyle = PLACEHOLDER_STROKE;
	ctx.lineWidth = Math.max(1, Math.min(w, h) / 100);
	ctx.beginPath();
	ctx.rect(0, 0, w, h);
	ctx.moveTo(0, 0);
	ctx.lineTo(w, h);
	ctx.moveTo(w, 0);
	ctx.lineTo(0, h);
	ctx.stroke();
}
