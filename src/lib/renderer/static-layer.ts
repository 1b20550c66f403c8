/**
 * The canvas of finished strokes. Changes are collected between frames and then painted with
 * the least work planRedraw allows: append on top, repaint a clipped region, or (on resize or
 * viewport change only) everything.
 */
import type { Board } from '$lib/board/board';
import type { BoardChange } from '$lib/board/types';
import { rectIntersection, rectsIntersect, rectUnion, type Rect } from '$lib/geometry/rect';
import { visibleBoardRect } from '$lib/geometry/viewport';
import { planRedraw, type PendingRedraw, type StackKey } from './redraw-plan';
import { paintRendered, StrokeRenderCache } from './stroke-cache';
import { BACKGROUND_COLOR } from './stroke-style';
import { applyBoardTransform, deviceScale, type Surface } from './surface';

/** Antialiasing spills about a pixel past the geometric edge; repaint that too. */
const AA_PADDING = 1;

export class StaticLayer {
	private readonly ctx: CanvasRenderingContext2D;
	private pending: PendingRedraw = { full: true, dirty: null, added: [] };
	private drawnTop: StackKey | null = null;

	constructor(
		private readonly canvas: HTMLCanvasElement,
		private readonly board: Board,
		private readonly cache = new StrokeRenderCache()
	) {
		// Opaque: the layer owns the white background and the browser can skip blending.
		const ctx = canvas.getContext('2d', { alpha: false });
		if (ctx === null) throw new Error('2D canvas is not available');
		this.ctx = ctx;
	}

	get dirty(): boolean {
		const p = this.pending;
		return p.full || p.dirty !== null || p.added.length > 0;
	}

	markFullRedraw(): void {
		this.pending.full = true;
	}

	noteChange(change: BoardChange): void {
		for (const id of change.removed) {
			this.markDirty(this.cache.peek(id)?.bounds ?? null);
			this.cache.delete(id);
		}
		for (const id of change.updated) {
			this.markDirty(this.cache.peek(id)?.bounds ?? null);
			const stroke = this.board.getStroke(id);
			if (stroke) this.markDirty(this.cache.get(stroke).bounds);
		}
		for (const id of change.added) {
			const stroke = this.board.getStroke(id);
			if (!stroke) continue;
			const { bounds } = this.cache.get(stroke);
			this.pending.added.push({ id, z: stroke.z, bounds });
		}
	}

	draw(surface: Surface): void {
		const plan = planRedraw(this.pending, this.drawnTop);
		this.pending = { full: false, dirty: null, added: [] };
		if (plan.kind === 'full') this.repaint(surface, null);
		else if (plan.kind === 'region') this.repaint(surface, plan.rect);
		else if (plan.kind === 'append') {
			this.ctx.save();
			applyBoardTransform(this.ctx, surface);
			for (const id of plan.ids) {
				const stroke = this.board.getStroke(id);
				if (stroke) paintRendered(this.ctx, this.cache.get(stroke));
			}
			this.ctx.restore();
		}
		const top = this.board.strokes().at(-1);
		this.drawnTop = top ? { z: top.z, id: top.id } : null;
	}

	private markDirty(rect: Rect | null): void {
		this.pending.dirty = rectUnion(this.pending.dirty, rect);
	}

	/** Clear `rect` (board space; null = whole canvas) and repaint the strokes touching it. */
	private repaint(surface: Surface, rect: Rect | null): void {
		const { ctx, canvas } = this;
		const k = deviceScale(surface);
		const { x, y } = surface.viewport;
		const canvasBox: Rect = { minX: 0, minY: 0, maxX: canvas.width, maxY: canvas.height };
		// Work in whole device pixels so the cleared edge never leaves half-painted pixels.
		const device =
			rect === null
				? canvasBox
				: rectIntersection(canvasBox, {
						minX: Math.floor((rect.minX - AA_PADDING - x) * k),
						minY: Math.floor((rect.minY - AA_PADDING - y) * k),
						maxX: Math.ceil((rect.maxX + AA_PADDING - x) * k),
						maxY: Math.ceil((rect.maxY + AA_PADDING - y) * k)
					});
		if (device === null) return; // entirely off screen
		const area =
			rect === null
				? visibleBoardRect(surface.viewport, surface.cssWidth, surface.cssHeight)
				: {
						minX: device.minX / k + x,
						minY: device.minY / k + y,
						maxX: device.maxX / k + x,
						maxY: device.maxY / k + y
					};
		const w = device.maxX - device.minX;
		const h = device.maxY - device.minY;
		ctx.save();
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		if (rect !== null) {
			ctx.beginPath();
			ctx.rect(device.minX, device.minY, w, h);
			ctx.clip();
		}
		ctx.fillStyle = BACKGROUND_COLOR;
		ctx.fillRect(device.minX, device.minY, w, h);
		applyBoardTransform(ctx, surface);
		for (const stroke of this.board.strokes()) {
			const rendered = this.cache.get(stroke);
			if (rectsIntersect(rendered.bounds, area)) paintRendered(ctx, rendered);
		}
		ctx.restore();
	}
}
