/**
 * Painting too many elements for one frame, a slice per frame: a RenderJob paints a view into an
 * offscreen buffer in stacking order, within a time budget, and says when it is done. The
 * browser rasterises canvas drawing lazily, so each slice forces it (a one-pixel read) to keep
 * the real cost inside the frame, and a cost model learns how much a painted element costs.
 */
import type { Context2D } from './paint';
import { AA_PADDING, deviceToBoard, type DeviceRect, type ViewTransform } from './device';
import type { Scene } from './scene';

/**
 * Learns the average cost of painting one element (path building and rasterising included), per
 * scale band: an element costs more the more pixels it covers.
 */
export class PaintCostModel {
	/** Milliseconds per element by log2(scale) band. */
	readonly #bands = new Map<number, number>();

	#band(scale: number): number {
		return Math.round(Math.log2(Math.max(scale, 1e-6)));
	}

	record(scale: number, elements: number, ms: number): void {
		if (elements < 8) return; // too few to say anything
		const band = this.#band(scale);
		const sample = ms / elements;
		const old = this.#bands.get(band);
		this.#bands.set(band, old === undefined ? sample : old * 0.7 + sample * 0.3);
	}

	/** Per element at this scale: learned, else from the nearest learned band, else a guess. */
	perElement(scale: number): number {
		const band = this.#band(scale);
		const known = this.#bands.get(band);
		if (known !== undefined) return known;
		let nearest: [number, number] | null = null;
		for (const entry of this.#bands) {
			if (nearest === null || Math.abs(entry[0] - band) < Math.abs(nearest[0] - band)) {
				nearest = entry;
			}
		}
		// Unknown bands: pessimistic, twice the cost per band upwards (area grows 4x per band, but
		// fixed costs dominate small elements).
		if (nearest === null) return 0.1 * Math.pow(2, Math.max(0, band));
		return nearest[1] * Math.pow(2, Math.max(0, band - nearest[0]));
	}

	estimate(scale: number, elements: number): number {
		return elements * this.perElement(scale);
	}
}

export const now = (): number => performance.now();

export class RenderJob {
	readonly #ids: string[];
	#next = 0;
	#painted = 0;
	readonly #scene: Scene;
	readonly #ctx: Context2D;
	readonly #cost: PaintCostModel;
	readonly view: ViewTransform;
	readonly box: DeviceRect;

	constructor(
		scene: Scene,
		ctx: Context2D,
		view: ViewTransform,
		box: DeviceRect,
		cost: PaintCostModel
	) {
		this.#scene = scene;
		this.#ctx = ctx;
		this.#cost = cost;
		this.view = view;
		this.box = box;
		const pad = AA_PADDING / view.scale;
		const area = deviceToBoard(view, box);
		this.#ids = scene
			.query({
				minX: area.minX - pad,
				minY: area.minY - pad,
				maxX: area.maxX + pad,
				maxY: area.maxY + pad
			})
			.map((item) => item.id);
		ctx.save();
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.fillStyle = scene.look.background;
		ctx.fillRect(box.x, box.y, box.w, box.h);
		ctx.restore();
	}

	/** Elements painted so far (for the benchmark). */
	get painted(): number {
		return this.#painted;
	}

	get total(): number {
		return this.#ids.length;
	}

	get done(): boolean {
		return this.#next >= this.#ids.length;
	}

	/** Paint until the budget (ms) is spent; returns true when everything is painted. */
	step(budgetMs: number): boolean {
		const start = now();
		// Raster cost arrives at the flush, after the loop: reserve the model's estimate for it.
		const per = this.#cost.perElement(this.view.scale);
		const count = Math.max(1, Math.floor(budgetMs / Math.max(per, 0.005)));
		const end = Math.min(this.#ids.length, this.#next + count);
		const ctx = this.#ctx;
		ctx.save();
		ctx.beginPath();
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.rect(this.box.x, this.box.y, this.box.w, this.box.h);
		ctx.clip();
		let painted = 0;
		while (this.#next < end) {
			if (this.#scene.paint(ctx, this.#ids[this.#next] as string, this.view)) painted++;
			this.#next++;
			// Cold paths cost more than the model thinks: stop early rather than blow the frame.
			if (now() - start > budgetMs) break;
		}
		ctx.restore();
		ctx.getImageData(0, 0, 1, 1);
		this.#cost.record(this.view.scale, painted, now() - start);
		this.#painted += painted;
		return this.done;
	}
}
