/**
 * The transparent canvas above the static layer showing the local stroke in progress. It is
 * repainted whole on each frame that has new input; one path is cheap even for long strokes.
 */
import type { StrokePoint } from '$lib/board/types';
import { setStrokeStyle } from './stroke-cache';
import { traceStroke } from './stroke-path';
import { lineWidthFor } from './stroke-style';
import { applyBoardTransform, type Surface } from './surface';

/** What the overlay needs to know about a stroke being drawn (the pen tool's draft fits). */
export interface OverlayStroke {
	points: readonly StrokePoint[];
	color: string;
	width: number;
}

export class OverlayLayer {
	private readonly ctx: CanvasRenderingContext2D;
	private hasContent = false;

	constructor(private readonly canvas: HTMLCanvasElement) {
		const ctx = canvas.getContext('2d');
		if (ctx === null) throw new Error('2D canvas is not available');
		this.ctx = ctx;
	}

	draw(draft: OverlayStroke | null, surface: Surface): void {
		const { ctx } = this;
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		if (this.hasContent) ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
		this.hasContent = false;
		if (draft === null || draft.points.length === 0) return;
		applyBoardTransform(ctx, surface);
		const lineWidth = lineWidthFor(draft.width, draft.points);
		setStrokeStyle(ctx, draft.color, lineWidth);
		ctx.beginPath();
		if (traceStroke(ctx, draft.points, lineWidth) === 'fill') ctx.fill();
		else ctx.stroke();
		this.hasContent = true;
	}
}
