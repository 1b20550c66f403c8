/**
 * A low-resolution bitmap of the whole board, built a slice per frame in the background and kept
 * up to date with every change. Zoomed out below its scale, the screen is drawn from it (one
 * image copy, whatever the element count); above it, it fills areas the screen has not painted
 * yet while a pan or zoom is in progress.
 */
import { rectHeight, rectUnion, rectWidth, type Rect } from '$lib/geometry/rect';
import { planRedraw, emptyPending, type PendingRedraw, type StackKey } from './redraw-plan';
import type { Context2D } from './paint';
import { PaintCostModel, RenderJob } from './render-job';
import { boardToDevice, type DeviceRect, type ViewTransform } from './device';
import type { Scene, SceneDelta } from './scene';
import { createBuffer, type Buffer } from './buffer';

/** Pixel budget of the bitmap: 4 M pixels = 16 MB. */
const MAX_PIXELS = 4_000_000;
const MAX_SIDE = 4096;
/** Above this scale the board is small: the screen renders it exactly at every zoom anyway. */
const MAX_SCALE = 0.5;
/** Room around the content, so drawing near the edge does not force a rebuild at once. */
const MARGIN = 0.25;
/**
 * An update estimated above this is a rebuild in the background instead (the bitmap stays in
 * use meanwhile only while it is exact, so be generous: rebuilding takes many frames).
 */
const SYNC_LIMIT_MS = 12;
/** Below this many elements the screen always renders exactly: no overview needed. */
export const OVERVIEW_MIN_ELEMENTS = 500;

interface Layout {
	view: ViewTransform;
	/** Board area the bitmap covers. */
	area: Rect;
	width: number;
	height: number;
}

export class Overview {
	#buffer: Buffer | null = null;
	#layout: Layout | null = null;
	#job: RenderJob | null = null;
	#ready = false;
	#pending: PendingRedraw = emptyPending();
	#drawnTop: StackKey | null = null;
	#jobTop: StackKey | null = null;
	/** Bumped whenever the bitmap's pixels change (the screen redraws from it then). */
	#version = 0;

	readonly #cost = new PaintCostModel();
	readonly #scene: Scene;

	constructor(scene: Scene) {
		this.#scene = scene;
	}

	get version(): number {
		return this.#version;
	}

	/** Ready to stand in for the screen at this scale (device pixels per board unit) or below. */
	get scale(): number | null {
		return this.#ready && this.#layout !== null ? this.#layout.view.scale : null;
	}

	/** Being built (or rebuilt) at a scale that will cover views at `scale`. */
	willCover(scale: number): boolean {
		return !this.#ready && this.#layout !== null && scale <= this.#layout.view.scale;
	}

	/** Busy building: the renderer keeps frames coming until it is done. */
	get busy(): boolean {
		return this.#job !== null || this.#dirty;
	}

	get #dirty(): boolean {
		const p = this.#pending;
		return p.full || p.dirty !== null || p.added.length > 0;
	}

	noteDelta(delta: SceneDelta): void {
		if (this.#layout === null) return;
		const content = this.#contentBounds();
		const a = this.#layout.area;
		// Content outgrew the bitmap: lay it out again (rebuilt in the background).
		if (
			content !== null &&
			(content.minX < a.minX ||
				content.minY < a.minY ||
				content.maxX > a.maxX ||
				content.maxY > a.maxY)
		) {
			this.invalidate();
			return;
		}
		this.#pending.dirty = rectUnion(this.#pending.dirty, delta.dirty);
		this.#pending.added.push(...delta.added);
	}

	markDirty(rect: Rect | null): void {
		if (rect === null || this.#layout === null) return;
		this.#pending.dirty = rectUnion(this.#pending.dirty, rect);
	}

	/** Throw the bitmap away (theme change, content outgrew it); rebuilt on the next steps. */
	invalidate(): void {
		this.#layout = null;
		this.#job = null;
		this.#ready = false;
		this.#pending = emptyPending();
		this.#version++;
	}

	/** Spend up to `budgetMs` building or updating the bitmap. */
	step(budgetMs: number): void {
		if (this.#scene.index.size < OVERVIEW_MIN_ELEMENTS) {
			if (this.#layout !== null) this.invalidate();
			return;
		}
		if (this.#layout === null && !this.#startLayout()) return;
		const buffer = this.#buffer;
		const layout = this.#layout;
		if (buffer === null || layout === null) return;
		if (this.#job !== null) {
			if (!this.#job.step(budgetMs)) return;
			this.#job = null;
			this.#ready = true;
			this.#drawnTop = this.#jobTop;
			this.#version++;
			return;
		}
		if (!this.#dirty) return;
		// Edits are applied at once; many at once (an undone clear) are a rebuild, sliced.
		const plan = planRedraw(this.#pending, this.#drawnTop);
		const count =
			plan.kind === 'append'
				? plan.ids.length
				: plan.kind === 'region'
					? this.#scene.count(plan.rect)
					: Infinity;
		if (this.#cost.estimate(layout.view.scale, count) > Math.max(budgetMs, SYNC_LIMIT_MS)) {
			this.#startJob(buffer.ctx, layout);
			return;
		}
		this.#pending = emptyPending();
		const { ctx } = buffer;
		if (plan.kind === 'append') {
			ctx.save();
			for (const id of plan.ids) this.#scene.paint(ctx, id, layout.view);
			ctx.restore();
		} else if (plan.kind === 'region') {
			const box = boardToDevice(layout.view, plan.rect, layout.width, layout.height);
			if (box !== null) this.#scene.paintBoxes(ctx, layout.view, [box]);
		}
		this.#drawnTop = this.#scene.top();
		this.#version++;
	}

	/**
	 * Draw the bitmap onto a screen context with the given view, within `box` (device pixels;
	 * default the whole canvas; the caller clips). Returns false if not ready.
	 */
	drawInto(ctx: Context2D, v: ViewTransform, box?: DeviceRect): boolean {
		const layout = this.#layout;
		if (!this.#ready || layout === null || this.#buffer === null) return false;
		const k = v.scale / layout.view.scale;
		const ox = (layout.area.minX - v.x) * v.scale;
		const oy = (layout.area.minY - v.y) * v.scale;
		const b = box ?? { x: 0, y: 0, w: ctx.canvas.width, h: ctx.canvas.height };
		// Only the part of the bitmap that lands in the box (plus a pixel for the filter): scaling
		// the whole 16 MB bitmap up to draw a thin strip costs far more than the strip.
		const sx = Math.max(0, Math.floor((b.x - ox) / k) - 1);
		const sy = Math.max(0, Math.floor((b.y - oy) / k) - 1);
		const ex = Math.min(layout.width, Math.ceil((b.x + b.w - ox) / k) + 1);
		const ey = Math.min(layout.height, Math.ceil((b.y + b.h - oy) / k) + 1);
		if (ex <= sx || ey <= sy) return true;
		ctx.save();
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.imageSmoothingEnabled = true;
		// Bilinear: mipmapped quality would rebuild mipmaps of a 16 MB bitmap on every frame.
		ctx.imageSmoothingQuality = 'low';
		const [w, h] = [ex - sx, ey - sy];
		ctx.drawImage(this.#buffer.canvas, sx, sy, w, h, ox + sx * k, oy + sy * k, w * k, h * k);
		ctx.restore();
		return true;
	}

	#contentBounds(): Rect | null {
		return this.#scene.index.extent();
	}

	#startLayout(): boolean {
		const content = this.#contentBounds();
		if (content === null) return false;
		const mw = rectWidth(content) * MARGIN + 64;
		const mh = rectHeight(content) * MARGIN + 64;
		const area = {
			minX: content.minX - mw,
			minY: content.minY - mh,
			maxX: content.maxX + mw,
			maxY: content.maxY + mh
		};
		const w = rectWidth(area);
		const h = rectHeight(area);
		const scale = Math.min(MAX_SCALE, Math.sqrt(MAX_PIXELS / (w * h)), MAX_SIDE / w, MAX_SIDE / h);
		const width = Math.max(1, Math.ceil(w * scale));
		const height = Math.max(1, Math.ceil(h * scale));
		if (this.#buffer === null) this.#buffer = createBuffer(width, height);
		else this.#buffer.resize(width, height);
		const layout = { view: { x: area.minX, y: area.minY, scale }, area, width, height };
		this.#layout = layout;
		this.#startJob(this.#buffer.ctx, layout);
		return true;
	}

	#startJob(ctx: Context2D, layout: Layout): void {
		this.#ready = false;
		// The job paints the board as it is now; edits from here on are applied after it.
		this.#pending = emptyPending();
		this.#jobTop = this.#scene.top();
		const box = { x: 0, y: 0, w: layout.width, h: layout.height };
		this.#job = new RenderJob(this.#scene, ctx, layout.view, box, this.#cost);
	}
}
