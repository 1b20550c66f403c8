import type { Stroke } from '$lib/board/types';
import { boundsOfPoints } from '$lib/geometry/bounds';
import type { Rect } from '$lib/geometry/rect';
import { traceStroke, type PaintMode } from './stroke-path';
import { lineWidthFor } from './stroke-style';

/** A stroke ready to paint: its Path2D is built once and reused on every redraw. */
export interface RenderedStroke {
	/** The board's Stroke object this was built from; a new object means the stroke changed. */
	source: Stroke;
	path: Path2D;
	mode: PaintMode;
	color: string;
	lineWidth: number;
	/** Board-space box including the line width. */
	bounds: Rect;
}

export class StrokeRenderCache {
	private readonly entries = new Map<string, RenderedStroke>();

	constructor(private readonly createPath: () => Path2D = () => new Path2D()) {}

	/** The cached rendering of this stroke, (re)built if missing or stale. */
	get(stroke: Stroke): RenderedStroke {
		const cached = this.entries.get(stroke.id);
		if (cached?.source === stroke) return cached;
		const lineWidth = lineWidthFor(stroke.width, stroke.points);
		const path = this.createPath();
		const mode = traceStroke(path, stroke.points, lineWidth);
		const bounds = boundsOfPoints(stroke.points, lineWidth) ?? {
			minX: 0,
			minY: 0,
			maxX: 0,
			maxY: 0
		};
		const rendered = { source: stroke, path, mode, color: stroke.color, lineWidth, bounds };
		this.entries.set(stroke.id, rendered);
		return rendered;
	}

	/** The entry as last drawn, without rebuilding (used for the old bounds of a change). */
	peek(id: string): RenderedStroke | undefined {
		return this.entries.get(id);
	}

	delete(id: string): void {
		this.entries.delete(id);
	}

	clear(): void {
		this.entries.clear();
	}
}

export function setStrokeStyle(ctx: CanvasRenderingContext2D, color: string, lineWidth: number) {
	ctx.strokeStyle = color;
	ctx.fillStyle = color;
	ctx.lineWidth = lineWidth;
	ctx.lineCap = 'round';
	ctx.lineJoin = 'round';
}

export function paintRendered(ctx: CanvasRenderingContext2D, r: RenderedStroke): void {
	setStrokeStyle(ctx, r.color, r.lineWidth);
	if (r.mode === 'fill') ctx.fill(r.path);
	else ctx.stroke(r.path);
}
