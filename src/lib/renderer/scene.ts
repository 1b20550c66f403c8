/**
 * The renderer's read-only view of the board: a spatial index of paint bounds kept in step with
 * board changes, the per-element path cache, the hidden set and the colours. Any canvas (the
 * screen, the overview bitmap, a back buffer) paints from it through a ViewTransform.
 */
import type { BoardChange, BoardElement } from '$lib/board/elements';
import type { TextMeasure } from '$lib/geometry/element-bounds';
import { rectContainsRect, rectUnion, type Rect } from '$lib/geometry/rect';
import type { InkMap } from '$lib/theme/ink';
import type { BoardReader } from './board-reader';
import { ElementRenderCache } from './element-cache';
import { ElementIndex, type IndexedElement } from './element-index';
import { paintOps, type Context2D, type ImageLookup } from './paint';
import { paintBounds } from './paint-bounds';
import { AA_PADDING, deviceToBoard, type DeviceRect, type ViewTransform } from './device';
import { compareStackKeys, type AddedElement, type StackKey } from './redraw-plan';

export interface SceneLook {
	background: string;
	ink: InkMap;
	/** Decoded images by blob (image-bitmaps.ts); none: placeholders. */
	images?: ImageLookup;
}

/** What one board change means for the pixels already drawn. */
export interface SceneDelta {
	/** Old and new bounds of removed and updated elements. */
	dirty: Rect | null;
	added: AddedElement[];
}

export class Scene {
	readonly index = new ElementIndex();
	readonly #cache: ElementRenderCache<Path2D>;
	#hidden = new Set<string>();
	#indexed = false;
	readonly #board: BoardReader;
	readonly #measure: TextMeasure;
	/** Background and ink mapping; replaced when the theme changes. */
	look: SceneLook;

	/** @param newPath path factory (tests without a canvas pass a recorder) */
	constructor(
		board: BoardReader,
		measure: TextMeasure,
		look: SceneLook,
		newPath: () => Path2D = () => new Path2D()
	) {
		this.#board = board;
		this.#measure = measure;
		this.look = look;
		this.#cache = new ElementRenderCache(newPath, measure);
	}

	/** Elements whose paths are built. */
	get cachedCount(): number {
		return this.#cache.size;
	}

	/** Index everything (once, lazily: the first frame needs it, the constructor does not). */
	ensureIndexed(): void {
		if (this.#indexed) return;
		const entries: IndexedElement[] = [];
		for (const el of this.#board.elements()) {
			entries.push({ id: el.id, z: el.z, ...paintBounds(el, this.#measure) });
		}
		this.index.reset(entries);
		this.#indexed = true;
	}

	/** Update the index; returns what must be repainted. Nothing before the first index. */
	applyChange(change: BoardChange): SceneDelta {
		const delta: SceneDelta = { dirty: null, added: [] };
		if (!this.#indexed) return delta;
		const dirty = (r: Rect | null | undefined) => {
			if (r) delta.dirty = rectUnion(delta.dirty, r);
		};
		for (const id of change.removed) {
			dirty(this.bounds(id));
			this.index.delete(id);
			this.#cache.delete(id);
		}
		for (const id of change.updated) {
			dirty(this.bounds(id));
			const el = this.#board.get(id);
			if (el === undefined) continue;
			const bounds = paintBounds(el, this.#measure);
			this.index.set(id, el.z, bounds);
			dirty(bounds);
		}
		const added: IndexedElement[] = [];
		for (const id of change.added) {
			const el = this.#board.get(id);
			if (el === undefined) continue;
			const bounds = paintBounds(el, this.#measure);
			added.push({ id, z: el.z, ...bounds });
			delta.added.push({ id, z: el.z, bounds });
		}
		this.index.setMany(added);
		return delta;
	}

	/** Set the hidden ids; returns the area whose look changed. */
	setHidden(ids: readonly string[]): Rect | null {
		const next = new Set(ids);
		let dirty: Rect | null = null;
		for (const id of next) if (!this.#hidden.has(id)) dirty = rectUnion(dirty, this.bounds(id));
		for (const id of this.#hidden) if (!next.has(id)) dirty = rectUnion(dirty, this.bounds(id));
		this.#hidden = next;
		return dirty;
	}

	/** Paint bounds of an indexed element. */
	bounds(id: string): Rect | null {
		const item = this.index.get(id);
		return item === undefined
			? null
			: { minX: item.minX, minY: item.minY, maxX: item.maxX, maxY: item.maxY };
	}

	top(): StackKey | null {
		return this.index.top();
	}

	/** Visible elements touching a board area, bottom first. */
	query(area: Rect): StackKey[] {
		const extent = this.index.extent();
		if (extent !== null && rectContainsRect(area, extent)) {
			// Everything: the board's own order saves sorting thousands of hits.
			return this.#board.elements().filter((el) => !this.#hidden.has(el.id));
		}
		return this.index.query(area).filter((item) => !this.#hidden.has(item.id));
	}

	/** How many elements touch a board area (hidden ones included; for estimates). */
	count(area: Rect): number {
		return this.index.count(area);
	}

	/** Paint one element (if it still exists and is not hidden). Leaves the transform changed. */
	paint(ctx: Context2D, id: string, v: ViewTransform): boolean {
		if (this.#hidden.has(id)) return false;
		const el: BoardElement | undefined = this.#board.get(id);
		if (el === undefined) return false;
		const k = v.scale;
		ctx.setTransform(k, 0, 0, k, (el.x - v.x) * k, (el.y - v.y) * k);
		paintOps(ctx, this.#cache.get(el).ops, this.look.ink, this.look.images);
		return true;
	}

	/**
	 * Clear device rectangles to the background and paint every element touching them, clipped
	 * to them; an element touching several is painted once. Returns how many were painted.
	 */
	paintBoxes(ctx: Context2D, v: ViewTransform, boxes: readonly DeviceRect[]): number {
		const pad = AA_PADDING / v.scale;
		const found = new Map<string, StackKey>();
		for (const box of boxes) {
			const area = deviceToBoard(v, box);
			const items = this.query({
				minX: area.minX - pad,
				minY: area.minY - pad,
				maxX: area.maxX + pad,
				maxY: area.maxY + pad
			});
			for (const item of items) found.set(item.id, item);
		}
		const items =
			boxes.length === 1 ? [...found.values()] : [...found.values()].sort(compareStackKeys);
		ctx.save();
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.beginPath();
		for (const b of boxes) ctx.rect(b.x, b.y, b.w, b.h);
		ctx.clip();
		ctx.fillStyle = this.look.background;
		for (const b of boxes) ctx.fillRect(b.x, b.y, b.w, b.h);
		let painted = 0;
		for (const item of items) if (this.paint(ctx, item.id, v)) painted++;
		ctx.restore();
		return painted;
	}

	/** Ids of elements in an area whose paths are not built yet. */
	uncached(area: Rect): string[] {
		const ids: string[] = [];
		for (const item of this.index.search(area)) if (!this.#cache.has(item.id)) ids.push(item.id);
		return ids;
	}

	/**
	 * Build the paths of elements ahead of need (they cost more than painting), until the
	 * deadline. Returns the ids still to build, for the next call.
	 */
	warm(ids: readonly string[], deadline: number): string[] {
		for (let i = 0; i < ids.length; i++) {
			const id = ids[i] as string;
			if (this.#cache.has(id)) continue;
			if (performance.now() > deadline) return ids.slice(i);
			const el = this.#board.get(id);
			if (el !== undefined) this.#cache.get(el);
		}
		return [];
	}
}
