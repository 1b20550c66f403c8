/**
 * Paints draw operations onto a 2D context whose transform already maps the element's local
 * coordinates. Shared by the static layer, the overlay (draft) and the PNG export.
 */
import { TEXT_LINE_HEIGHT } from '$lib/geometry/element-bounds';
import type { InkMap } from '$lib/theme/ink';
import { textFont, type DrawOp } from './element-drawing';

export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export function paintOps(ctx: Context2D, ops: readonly DrawOp<Path2D>[], ink: InkMap): void {
	for (const op of ops) {
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
