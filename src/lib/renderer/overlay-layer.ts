/**
 * The transparent canvas above the static layer: what other peers are drawing, the element being
 * drawn here, the selection (a dashed box per element, the union box and its resize handles) and
 * the marquee. It is cheap, so it is repainted whole on each frame that needs it.
 */
import type { BoardElement } from '$lib/board/elements';
import type { Point } from '$lib/geometry/point';
import { elementBounds, type TextMeasure } from '$lib/geometry/element-bounds';
import { unionRects, type Rect } from '$lib/geometry/rect';
import { selectionHandles } from '$lib/geometry/selection-handles';
import type { InkMap } from '$lib/theme/ink';
import type { Theme } from '$lib/theme/theme';
import type { BoardReader } from './board-reader';
import { elementOps, type DrawOp } from './element-drawing';
import { ElementRenderCache } from './element-cache';
import { paintLaser } from './laser-drawing';
import { paintOps } from './paint';
import { deviceScale, type Surface } from './surface';

const DASH = [4, 3];
const MARQUEE_FILL_ALPHA = 0.08;

/**
 * What the overlay shows, as the tools compose it (their OverlayState has this shape; the
 * renderer declares its own so that it never depends on tools/). Read only.
 */
export interface OverlayView {
	/** Element being drawn (not yet in the board). */
	readonly draft: BoardElement | null;
	/** Selected ids: outline + resize handles. */
	readonly selection: readonly string[];
	/** Board coords. */
	readonly marquee: Rect | null;
	/** Ids not to draw on the static layer (e.g. text being edited). */
	readonly hidden: readonly string[];
	/** Our laser pointer's trail, oldest first (board coords). */
	readonly laser: readonly Point[];
}

/** What the other peers show above the board: their drafts and their laser trails. */
export interface RemoteOverlay {
	drafts: readonly BoardElement[];
	/** Each peer's trail, oldest point first (the room's RemoteLasers, as they are). */
	lasers: ReadonlyArray<{ readonly points: readonly Point[] }>;
}

export interface OverlayLook {
	theme: Readonly<Theme>;
	ink: InkMap;
}

export class OverlayLayer {
	readonly #canvas: HTMLCanvasElement;
	readonly #ctx: CanvasRenderingContext2D;
	readonly #measure: TextMeasure;
	/**
	 * Other peers' drafts, built once per draft update (a pen draft's outline costs as much as a
	 * stroke's), not on each repaint: ours repaints on every pointer move. Our own draft changes
	 * with each move, so it is built each time.
	 */
	readonly #remoteDrafts: ElementRenderCache;
	#hasContent = false;

	constructor(canvas: HTMLCanvasElement, measure: TextMeasure) {
		const ctx = canvas.getContext('2d');
		if (ctx === null) throw new Error('2D canvas is not available');
		this.#canvas = canvas;
		this.#ctx = ctx;
		this.#measure = measure;
		this.#remoteDrafts = new ElementRenderCache(() => new Path2D(), measure);
	}

	/** `remote`: other peers' drafts, below ours, and their laser trails, above everything. */
	draw(
		state: OverlayView,
		remote: RemoteOverlay,
		board: BoardReader,
		surface: Surface,
		look: OverlayLook
	): void {
		const ctx = this.#ctx;
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		if (this.#hasContent) ctx.clearRect(0, 0, this.#canvas.width, this.#canvas.height);
		this.#hasContent = false;
		for (const draft of remote.drafts) {
			this.#drawDraft(draft, this.#remoteDrafts.get(draft).ops, surface, look.ink);
		}
		this.#remoteDrafts.keepOnly(remote.drafts);
		if (state.draft !== null) {
			this.#drawDraft(
				state.draft,
				elementOps(state.draft, () => new Path2D(), this.#measure),
				surface,
				look.ink
			);
		}
		if (state.selection.length > 0)
			this.#drawSelection(state.selection, board, surface, look.theme);
		if (state.marquee !== null) this.#drawMarquee(state.marquee, surface, look.theme);
		for (const { points } of remote.lasers) this.#drawLaser(points, surface);
		this.#drawLaser(state.laser, surface);
	}

	#drawLaser(trail: readonly Point[], s: Surface): void {
		if (trail.length === 0) return;
		paintLaser(this.#ctx, trail, s);
		this.#hasContent = true;
	}

	#drawDraft(draft: BoardElement, ops: readonly DrawOp<Path2D>[], s: Surface, ink: InkMap): void {
		const k = deviceScale(s);
		this.#ctx.setTransform(k, 0, 0, k, (draft.x - s.viewport.x) * k, (draft.y - s.viewport.y) * k);
		paintOps(this.#ctx, ops, ink);
		this.#hasContent = true;
	}

	#drawSelection(
		ids: readonly string[],
		board: BoardReader,
		s: Surface,
		theme: Readonly<Theme>
	): void {
		const boxes: Rect[] = [];
		for (const id of ids) {
			const el = board.get(id);
			if (el !== undefined) boxes.push(elementBounds(el, this.#measure));
		}
		const union = unionRects(boxes);
		if (union === null) return;
		const ctx = this.#ctx;
		// In device pixels: hairlines of one CSS pixel whatever the zoom.
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.lineWidth = hairline(s);
		ctx.strokeStyle = theme.selection;
		if (boxes.length > 1) {
			ctx.setLineDash(DASH.map((d) => d * s.dpr));
			ctx.beginPath();
			for (const box of boxes) this.#traceScreenRect(box, s);
			ctx.stroke();
			ctx.setLineDash([]);
		}
		ctx.beginPath();
		this.#traceScreenRect(union, s);
		ctx.stroke();
		ctx.fillStyle = theme.handleFill;
		ctx.strokeStyle = theme.handleStroke;
		ctx.beginPath();
		for (const handle of selectionHandles(union, s.viewport.zoom)) {
			this.#traceScreenRect(handle.rect, s);
		}
		ctx.fill();
		ctx.stroke();
		this.#hasContent = true;
	}

	#drawMarquee(rect: Rect, s: Surface, theme: Readonly<Theme>): void {
		const ctx = this.#ctx;
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.beginPath();
		this.#traceScreenRect(rect, s);
		ctx.globalAlpha = MARQUEE_FILL_ALPHA;
		ctx.fillStyle = theme.marquee;
		ctx.fill();
		ctx.globalAlpha = 1;
		ctx.lineWidth = hairline(s);
		ctx.strokeStyle = theme.marquee;
		ctx.stroke();
		this.#hasContent = true;
	}

	/** A board rect in device pixels, edges on pixel centres so hairlines stay crisp. */
	#traceScreenRect(r: Rect, s: Surface): void {
		const k = deviceScale(s);
		const { x, y } = s.viewport;
		const offset = (hairline(s) % 2) / 2;
		const x0 = Math.round((r.minX - x) * k) + offset;
		const y0 = Math.round((r.minY - y) * k) + offset;
		const x1 = Math.round((r.maxX - x) * k) + offset;
		const y1 = Math.round((r.maxY - y) * k) + offset;
		this.#ctx.rect(x0, y0, x1 - x0, y1 - y0);
	}
}

/** One CSS pixel in whole device pixels. */
const hairline = (s: Surface): number => Math.max(1, Math.round(s.dpr));
