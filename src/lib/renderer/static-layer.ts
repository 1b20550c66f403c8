/**
 * The canvas of committed elements. Each frame asks the planner (frame-plan.ts) what to do and
 * carries the plan out: the decisions are there, the pixels here. Every paint visits only the
 * elements the spatial index finds in the area.
 */
import type { BoardChange } from '$lib/board/elements';
import { createBuffer, type Buffer } from './buffer';
import { deviceToBoard, wholeBox, type DeviceRect, type ViewTransform } from './device';
import {
	FRAME_BUDGET_MS,
	planBackground,
	planFrame,
	type FrameInput,
	type FrameStep
} from './frame-plan';
import {
	areaDirtied,
	boardChanged,
	canvasCleared,
	initialLayerState,
	jobFinished,
	lookChanged,
	overviewMayWork,
	screenBusy,
	shows,
	type LayerState,
	type Shows
} from './frame-state';
import { Overview } from './overview';
import { copyPixels, fillFromOverview, Previewer, scrollPixels } from './preview';
import { transformOf, type DrawnView } from './redraw-plan';
import { PaintCostModel, RenderJob, now } from './render-job';
import type { Scene, SceneLook } from './scene';

export interface StaticFrameStats {
	/** What the frame did, e.g. 'scroll', 'full', 'preview', 'slice', 'overview', 'region'. */
	plan: string;
	/** Elements painted. */
	painted: number;
	/** What the canvas shows after the frame: the exact frame, a preview, or the overview. */
	shows: Shows;
}

export class StaticLayer {
	readonly #ctx: CanvasRenderingContext2D;
	readonly #scene: Scene;
	/** Cost of painting on screen (the overview, at a much smaller scale, learns its own). */
	readonly #cost = new PaintCostModel();
	readonly #overview: Overview;
	readonly #previewer = new Previewer();
	#back: Buffer | null = null;
	/** The job the state's `job` stands for. */
	#job: RenderJob | null = null;
	/** Elements around the view whose paths to build in spare time (null: to be listed). */
	#toWarm: string[] | null = null;
	#state: LayerState = initialLayerState();
	readonly stats: StaticFrameStats = { plan: 'none', painted: 0, shows: 'nothing' };

	constructor(canvas: HTMLCanvasElement, scene: Scene) {
		// Opaque: the layer owns the background and the browser can skip blending it.
		const ctx = canvas.getContext('2d', { alpha: false });
		if (ctx === null) throw new Error('2D canvas is not available');
		this.#ctx = ctx;
		this.#scene = scene;
		this.#overview = new Overview(scene);
	}

	/** More frames are needed (a slice to paint, a preview to replace, the overview to build). */
	get busy(): boolean {
		return this.screenBusy || this.#overview.busy || !overviewMayWork(this.#state, now());
	}

	/** The screen itself still needs frames (the overview is not on the screen at this scale). */
	get screenBusy(): boolean {
		return screenBusy(this.#state);
	}

	/** The canvas was cleared (resized): nothing shown can be reused. */
	markFullRedraw(): void {
		this.#state = canvasCleared(this.#state);
	}

	setLook(look: SceneLook): void {
		this.#scene.look = look;
		this.#overview.invalidate();
		this.#state = lookChanged(this.#state);
	}

	noteChange(change: BoardChange): void {
		const at = now(); // the quiet time runs from the arrival, not from indexing it
		const delta = this.#scene.applyChange(change);
		this.#state = boardChanged(this.#state, delta, change.added.length, at);
		this.#overview.noteDelta(delta);
	}

	setHidden(ids: readonly string[]): void {
		const dirty = this.#scene.setHidden(ids);
		this.#state = areaDirtied(this.#state, dirty);
		this.#overview.markDirty(dirty);
	}

	/** @param interactive the user is drawing or dragging: keep background work short */
	draw(next: DrawnView, interactive = false): void {
		const start = now();
		const scene = this.#scene;
		const overview = this.#overview;
		scene.ensureIndexed();
		this.stats.painted = 0;
		const v = transformOf(next);
		const overviewScale = overview.scale;
		// Zoomed out past the overview, the frame is copied from it: apply pending edits to it
		// first (the planner sees its version after that).
		if (overviewScale !== null && v.scale <= overviewScale) overview.step(FRAME_BUDGET_MS / 2);
		const input: FrameInput = {
			view: next,
			interactive,
			overviewScale,
			overviewVersion: overview.version,
			overviewWillCover: overview.willCover(v.scale),
			warmListed: this.#toWarm !== null && this.#toWarm.length > 0,
			estimate: (box) => this.#cost.estimate(v.scale, scene.count(deviceToBoard(v, box))),
			estimateElements: (count) => this.#cost.estimate(v.scale, count),
			bounds: (id) => scene.bounds(id),
			top: () => scene.top()
		};
		const plan = planFrame(this.#state, input);
		this.#state = plan.state;
		if (plan.state.job === null) this.#job = null;
		if (plan.relistWarm) this.#toWarm = null;
		const done: string[] = [];
		for (const step of plan.steps) this.#run(step, next, v, done);
		const background = planBackground(
			this.#state,
			plan,
			start,
			this.#cost.estimate(v.scale, this.stats.painted)
		);
		if (background !== null) this.#background(background.deadline, background.overviewFrom, next);
		this.stats.plan = done.join('+') || 'none';
		this.stats.shows = shows(this.#state);
	}

	#run(step: FrameStep, next: DrawnView, v: ViewTransform, done: string[]): void {
		const ctx = this.#ctx;
		const background = this.#scene.look.background;
		done.push(step.kind);
		switch (step.kind) {
			case 'overview':
				fillFromOverview(ctx, this.#overview, v, background, null);
				this.#previewer.forget();
				return;
			case 'overview-scroll':
			case 'scroll-preview':
				scrollPixels(ctx, step.dx, step.dy);
				fillFromOverview(ctx, this.#overview, v, background, step.strips);
				return;
			case 'scroll':
				scrollPixels(ctx, step.dx, step.dy);
				this.#paintBoxes(v, step.strips);
				return;
			case 'full':
				this.#paintBoxes(v, [wholeBox(next)]);
				return;
			case 'preview':
				if (step.remember !== null) this.#previewer.remember(ctx, step.remember);
				this.#previewer.compose(ctx, next, this.#overview, background);
				return;
			case 'append':
				ctx.save();
				for (const id of step.ids) if (this.#scene.paint(ctx, id, v)) this.stats.painted++;
				ctx.restore();
				return;
			case 'region':
				if (step.box !== null) this.#paintBoxes(v, [step.box]);
				return;
			case 'overview-build':
				this.#overview.step(FRAME_BUDGET_MS);
				return;
			case 'slice':
				if (this.#slice(step.restart, next, v)) done.push('swap');
				return;
		}
	}

	/** Paint a slice of the exact frame into the back buffer; swap it in when done. */
	#slice(restart: boolean, next: DrawnView, v: ViewTransform): boolean {
		const start = now();
		if (restart || this.#job === null) {
			this.#back ??= createBuffer(next.width, next.height);
			this.#back.resize(next.width, next.height);
			this.#job = new RenderJob(this.#scene, this.#back.ctx, v, wholeBox(next), this.#cost);
		}
		const job = this.#job;
		if (!job.step(Math.max(2, FRAME_BUDGET_MS - (now() - start)))) return false;
		copyPixels(this.#ctx, this.#back as Buffer);
		this.stats.painted += job.painted;
		this.#job = null;
		this.#state = jobFinished(this.#state);
		return true;
	}

	/** Paths of the elements around the view first, then the overview, until the deadline. */
	#background(deadline: number, overviewFrom: number, next: DrawnView): void {
		if (deadline - now() <= 1) return;
		if (this.#toWarm === null) {
			// Half a screen around the view, nearest first would be nicer; the index order is
			// fine, everything there gets built within a few frames.
			const around = deviceToBoard(transformOf(next), {
				x: -next.width / 2,
				y: -next.height / 2,
				w: next.width * 2,
				h: next.height * 2
			});
			this.#toWarm = this.#scene.uncached(around);
		}
		if (this.#toWarm.length > 0) this.#toWarm = this.#scene.warm(this.#toWarm, deadline);
		if (deadline - now() > 1 && now() >= overviewFrom) this.#overview.step(deadline - now());
	}

	#paintBoxes(v: ViewTransform, boxes: readonly DeviceRect[]): void {
		this.stats.painted += this.#scene.paintBoxes(this.#ctx, v, boxes);
	}
}
