/**
 * The canvas of committed elements. Each frame does the least work that keeps it right and
 * within budget:
 *   - zoomed out below the overview bitmap's scale: copy the overview (one image, any count);
 *   - pan: shift the pixels and paint the uncovered strips;
 *   - edits: paint a new top element over the rest, or repaint the dirty region only;
 *   - anything too big for one frame (zoom, large region): show a preview at once (the previous
 *     frame scaled, over the overview) and paint the exact frame into a back buffer a slice per
 *     frame once the view holds still, then swap it in.
 * Every paint visits only the elements the spatial index finds in the area.
 */
import type { BoardChange } from '$lib/board/elements';
import { rectUnion, type Rect } from '$lib/geometry/rect';
import { createBuffer, type Buffer } from './buffer';
import { Overview } from './overview';
import { copyPixels, fillFromOverview, Previewer, scrollPixels } from './preview';
import {
	emptyPending,
	planRedraw,
	planView,
	sameView,
	transformOf,
	type DeviceRect,
	type DrawnView,
	type StackKey
} from './redraw-plan';
import { PaintCostModel, RenderJob, now } from './render-job';
import {
	boardToDevice,
	deviceToBoard,
	type Scene,
	type SceneLook,
	type ViewTransform
} from './scene';

/** Work a frame may do here, ms (the rest of the frame is the app's and the compositor's). */
export const FRAME_BUDGET_MS = 10;
/**
 * Background work (paths ahead of need, the overview) in a frame where the view moved or the
 * overlay changed: the user is interacting, their frame comes first.
 */
const BACKGROUND_WHILE_MOVING_MS = 4;
/** Painting estimated above this is sliced over frames instead of done at once. */
const SYNC_LIMIT_MS = 8;
/** The very first paint may take longer: a blank board for a few frames looks broken. */
const FIRST_PAINT_LIMIT_MS = 300;
/**
 * A change adding at least this many elements is part of a bulk arrival (a late join receives
 * the board in pieces, a paste): the overview waits until no such change came for
 * OVERVIEW_QUIET_MS, instead of being laid out and rebuilt as the board grows piece by piece and
 * taking the CPU the arrival needs.
 */
const BULK_CHANGE = 50;
const OVERVIEW_QUIET_MS = 250;

export interface StaticFrameStats {
	/** What the frame did, e.g. 'scroll', 'full', 'preview', 'slice', 'overview', 'region'. */
	plan: string;
	/** Elements painted. */
	painted: number;
	/** What the canvas shows after the frame: the exact frame, a preview, or the overview. */
	shows: 'exact' | 'preview' | 'overview' | 'nothing';
}

interface Shown {
	view: DrawnView;
	/** False while a preview stands in for the exact frame. */
	exact: boolean;
}

export class StaticLayer {
	private readonly ctx: CanvasRenderingContext2D;
	/** Cost of painting on screen (the overview, at a much smaller scale, learns its own). */
	private readonly cost = new PaintCostModel();
	private readonly overview: Overview;
	private back: Buffer | null = null;
	private readonly previewer = new Previewer();
	private pending = emptyPending();
	private drawnTop: StackKey | null = null;
	private shown: Shown | null = null;
	/** The overview version the screen was last copied from (null: not drawn from it). */
	private shownOverview: number | null = null;
	private job: RenderJob | null = null;
	private jobTop: StackKey | null = null;
	private lastView: DrawnView | null = null;
	/** Elements around the view whose paths to build in spare time (null: to be listed). */
	private toWarm: string[] | null = null;
	private frames = 0;
	/** No overview work before this time (performance.now()): a bulk arrival is under way. */
	private overviewAfter = 0;
	readonly stats: StaticFrameStats = { plan: 'none', painted: 0, shows: 'nothing' };

	constructor(
		private readonly canvas: HTMLCanvasElement,
		readonly scene: Scene
	) {
		// Opaque: the layer owns the background and the browser can skip blending it.
		const ctx = canvas.getContext('2d', { alpha: false });
		if (ctx === null) throw new Error('2D canvas is not available');
		this.ctx = ctx;
		this.overview = new Overview(scene);
	}

	/** More frames are needed (a slice to paint, a preview to replace, the overview to build). */
	get busy(): boolean {
		return this.screenBusy || this.overview.busy || now() < this.overviewAfter;
	}

	/**
	 * The screen itself still needs frames (a slice to paint, a preview to replace, edits to
	 * apply). The overview is built in the background and is not on the screen at this scale.
	 */
	get screenBusy(): boolean {
		return this.job !== null || this.shown?.exact === false || this.dirty;
	}

	private get dirty(): boolean {
		const p = this.pending;
		return p.full || p.dirty !== null || p.added.length > 0;
	}

	/** The canvas was cleared (resized): nothing shown can be reused. */
	markFullRedraw(): void {
		this.pending.full = true;
		this.shown = null;
	}

	setLook(look: SceneLook): void {
		this.scene.look = look;
		this.overview.invalidate();
		this.pending.full = true;
	}

	noteChange(change: BoardChange): void {
		if (change.added.length >= BULK_CHANGE) this.overviewAfter = now() + OVERVIEW_QUIET_MS;
		const delta = this.scene.applyChange(change);
		this.pending.dirty = rectUnion(this.pending.dirty, delta.dirty);
		this.pending.added.push(...delta.added);
		this.overview.noteDelta(delta);
	}

	setHidden(ids: readonly string[]): void {
		const dirty = this.scene.setHidden(ids);
		this.pending.dirty = rectUnion(this.pending.dirty, dirty);
		this.overview.markDirty(dirty);
	}

	/** @param interactive the user is drawing or dragging: keep background work short */
	draw(next: DrawnView, interactive = false): void {
		const start = now();
		this.scene.ensureIndexed();
		this.stats.painted = 0;
		const steps: string[] = [];
		const moved = !sameView(this.lastView, next);
		// A moving view lists the elements around it again, at most every few frames.
		if (moved && (this.toWarm === null || this.toWarm.length === 0 || ++this.frames % 8 === 0)) {
			this.toWarm = null;
		}
		this.lastView = next;
		const v = transformOf(next);
		const overviewScale = this.overview.scale;
		if (overviewScale !== null && v.scale <= overviewScale) {
			this.drawFromOverview(next, v, steps);
		} else {
			this.drawExact(next, v, moved, steps);
		}
		// Whatever is left of the frame prepares the next ones: first the paths of elements a
		// screen around the view (pans reach them soon), then the overview. What this frame
		// painted on screen is rasterised after it returns: count that in; and leave a moving
		// view most of the frame.
		const pending = this.cost.estimate(v.scale, this.stats.painted);
		const busyUser = moved || interactive;
		const budget = (busyUser ? BACKGROUND_WHILE_MOVING_MS : FRAME_BUDGET_MS) - pending;
		const deadline = start + budget;
		if (this.job === null && deadline - now() > 1) {
			if (this.toWarm === null) {
				// Half a screen around the view, nearest first would be nicer; the index order is
				// fine, everything there gets built within a few frames.
				const around = deviceToBoard(v, {
					x: -next.width / 2,
					y: -next.height / 2,
					w: next.width * 2,
					h: next.height * 2
				});
				this.toWarm = this.scene.uncached(around);
			}
			if (this.toWarm.length > 0) this.toWarm = this.scene.warm(this.toWarm, deadline);
			if (deadline - now() > 1 && now() >= this.overviewAfter) {
				this.overview.step(deadline - now());
			}
		}
		this.stats.plan = steps.join('+') || 'none';
		this.stats.shows =
			this.shown === null
				? 'nothing'
				: this.shownOverview !== null
					? 'overview'
					: this.shown.exact
						? 'exact'
						: 'preview';
	}

	private drawFromOverview(next: DrawnView, v: ViewTransform, steps: string[]): void {
		this.overview.step(FRAME_BUDGET_MS / 2); // apply pending edits to it first
		this.job = null;
		const current = this.overview.version;
		if (this.shownOverview === current && this.shown !== null) {
			const plan = planView(this.shown.view, next);
			if (plan.kind === 'same') return;
			if (plan.kind === 'scroll') {
				// Whole-pixel shifts resample the overview identically: reuse the pixels.
				scrollPixels(this.ctx, plan.dx, plan.dy);
				fillFromOverview(this.ctx, this.overview, v, this.scene.look.background, plan.strips);
				this.shown = { view: next, exact: true };
				steps.push('overview-scroll');
				return;
			}
		}
		fillFromOverview(this.ctx, this.overview, v, this.scene.look.background, null);
		this.shown = { view: next, exact: true };
		this.shownOverview = current;
		// Far from here and soon stale: previews after this come from the overview.
		this.previewer.forget();
		this.pending = emptyPending();
		this.drawnTop = this.scene.top();
		steps.push('overview');
	}

	private drawExact(next: DrawnView, v: ViewTransform, moved: boolean, steps: string[]): void {
		// A frame copied from the overview is only a preview at this scale.
		if (this.shown !== null && this.shownOverview !== null) {
			this.shown = { ...this.shown, exact: false };
		}
		this.shownOverview = null;
		const shown = this.shown;
		const plan =
			shown === null || this.pending.full
				? ({ kind: 'full' } as const)
				: planView(shown.view, next);
		if (plan.kind === 'full') {
			const limit = shown === null ? FIRST_PAINT_LIMIT_MS : SYNC_LIMIT_MS;
			if (this.estimate(v, this.wholeBox(next)) <= limit) {
				this.pending = emptyPending();
				this.paintBoxes(v, [this.wholeBox(next)]);
				this.job = null;
				this.shown = { view: next, exact: true };
				this.drawnTop = this.scene.top();
				steps.push('full');
				return;
			}
			if (shown?.exact) this.previewer.remember(this.ctx, shown.view);
			this.previewer.compose(this.ctx, next, this.overview, this.scene.look.background);
			this.shown = { view: next, exact: false };
			this.job = null;
			steps.push('preview');
			return;
		}
		if (plan.kind === 'scroll' && shown !== null) {
			// Pixels move whether they are exact or a preview; uncovered strips are painted exactly
			// when that fits in the frame, else filled from the overview until the view holds still.
			scrollPixels(this.ctx, plan.dx, plan.dy);
			const cheap = plan.strips.reduce((ms, s) => ms + this.estimate(v, s), 0) <= SYNC_LIMIT_MS;
			if (cheap) this.paintBoxes(v, plan.strips);
			else fillFromOverview(this.ctx, this.overview, v, this.scene.look.background, plan.strips);
			const exact = shown.exact && cheap;
			this.shown = { view: next, exact };
			steps.push(cheap ? 'scroll' : 'scroll-preview');
			if (!exact) {
				this.job = null;
				return;
			}
		}
		if (this.shown?.exact) {
			this.applyEdits(v, next, plan.kind !== 'scroll', steps);
		} else if (!moved) {
			this.runJob(next, v, steps);
		}
	}

	/** Edits since the last frame, on an exact frame: append on top or repaint the region. */
	private applyEdits(v: ViewTransform, next: DrawnView, canAppend: boolean, steps: string[]): void {
		const plan = planRedraw(this.pending, this.drawnTop, canAppend);
		if (plan.kind === 'none') return;
		if (plan.kind === 'append') {
			const visible = deviceToBoard(v, this.wholeBox(next));
			const ids = plan.ids.filter((id) => {
				const b = this.scene.bounds(id);
				return (
					b !== null &&
					b.maxX >= visible.minX &&
					b.minX <= visible.maxX &&
					b.maxY >= visible.minY &&
					b.minY <= visible.maxY
				);
			});
			if (this.cost.estimate(v.scale, ids.length) <= SYNC_LIMIT_MS) {
				this.pending = emptyPending();
				this.ctx.save();
				for (const id of ids) if (this.scene.paint(this.ctx, id, v)) this.stats.painted++;
				this.ctx.restore();
				this.drawnTop = this.scene.top();
				steps.push('append');
				return;
			}
		} else if (plan.kind === 'region') {
			const box = boardToDevice(v, plan.rect, next.width, next.height);
			if (box === null || this.estimate(v, box) <= SYNC_LIMIT_MS) {
				this.pending = emptyPending();
				if (box !== null) this.paintBoxes(v, [box]);
				this.drawnTop = this.scene.top();
				steps.push('region');
				return;
			}
		}
		// Too much for one frame (a clear, an undo of many, a full repaint): slice it.
		if (this.shown !== null) this.shown = { ...this.shown, exact: false };
		this.runJob(next, v, steps);
	}

	/** Start or continue painting the exact frame into the back buffer; swap it in when done. */
	private runJob(next: DrawnView, v: ViewTransform, steps: string[]): void {
		const start = now();
		if (this.job === null && this.overview.willCover(v.scale)) {
			// Zoomed out: the overview being built will be this frame, finish it first.
			this.overview.step(FRAME_BUDGET_MS);
			steps.push('overview-build');
			return;
		}
		if (this.job === null || !sameView(this.shown?.view ?? null, next)) {
			this.back ??= createBuffer(next.width, next.height);
			this.back.resize(next.width, next.height);
			this.job = new RenderJob(this.scene, this.back.ctx, v, this.wholeBox(next), this.cost);
			this.jobTop = this.scene.top();
			// The job paints the board as it is now; later edits are applied after the swap.
			this.pending = emptyPending();
		}
		const job = this.job;
		const done = job.step(Math.max(2, FRAME_BUDGET_MS - (now() - start)));
		steps.push('slice');
		if (!done || this.back === null) return;
		copyPixels(this.ctx, this.back);
		this.stats.painted += job.painted;
		this.job = null;
		this.shown = { view: next, exact: true };
		this.drawnTop = this.jobTop;
		steps.push('swap');
	}

	private paintBoxes(v: ViewTransform, boxes: readonly DeviceRect[]): void {
		this.stats.painted += this.scene.paintBoxes(this.ctx, v, boxes);
	}

	private estimate(v: ViewTransform, box: DeviceRect): number {
		const area: Rect = deviceToBoard(v, box);
		return this.cost.estimate(v.scale, this.scene.count(area));
	}

	private wholeBox(view: DrawnView): DeviceRect {
		return { x: 0, y: 0, w: view.width, h: view.height };
	}
}
