/**
 * The static layer's frame decision, pure: the layer state and what the frame can see in, the
 * steps to paint and the next state out. Each frame does the least work that keeps the canvas
 * right and within budget:
 *   - zoomed out below the overview bitmap's scale: copy the overview (one image, any count);
 *   - pan: shift the pixels and paint the uncovered strips;
 *   - edits: paint a new top element over the rest, or repaint the dirty region only;
 *   - anything too big for one frame (zoom, large region): show a preview at once (the previous
 *     frame scaled, over the overview) and paint the exact frame into a back buffer a slice per
 *     frame once the view holds still, then swap it in.
 * Whatever is left of the frame prepares the next ones (planBackground).
 */
import { rectsIntersect, type Rect } from '$lib/geometry/rect';
import { boardToDevice, deviceToBoard, wholeBox, type DeviceRect } from './device';
import type { LayerState } from './frame-state';
import {
	emptyPending,
	planRedraw,
	planView,
	sameView,
	transformOf,
	type DrawnView,
	type StackKey
} from './redraw-plan';

/** Work a frame may do here, ms (the rest of the frame is the app's and the compositor's). */
export const FRAME_BUDGET_MS = 10;
/**
 * Background work (paths ahead of need, the overview) in a frame where the view moved or the
 * overlay changed: the user is interacting, their frame comes first.
 */
export const BACKGROUND_WHILE_MOVING_MS = 4;
/** Painting estimated above this is sliced over frames instead of done at once. */
export const SYNC_LIMIT_MS = 8;
/** The very first paint may take longer: a blank board for a few frames looks broken. */
export const FIRST_PAINT_LIMIT_MS = 300;
/** A moving view lists the elements around it to warm again every this many frames. */
const RELIST_EVERY = 8;

/** What a frame can see, read lazily (estimates query the index: only the ones needed). */
export interface FrameInput {
	view: DrawnView;
	/** The user is drawing or dragging: keep background work short. */
	interactive: boolean;
	/** Scale the overview is ready to stand in for the screen at, or below (null: not ready). */
	overviewScale: number | null;
	/** The overview's version once brought up to date for this frame. */
	overviewVersion: number;
	/** The overview being built will cover this view's scale. */
	overviewWillCover: boolean;
	/** The layer has a list of elements to warm, not empty. */
	warmListed: boolean;
	/** Estimated ms to paint every element touching a device rectangle of the view. */
	estimate(box: DeviceRect): number;
	/** Estimated ms to paint this many elements at the view's scale. */
	estimateElements(count: number): number;
	/** Paint bounds of an element, null if it is gone. */
	bounds(id: string): Rect | null;
	/** The highest element on the board. */
	top(): StackKey | null;
}

type Strips = { dx: number; dy: number; strips: DeviceRect[] };

/** What the layer does to the canvas, in order. Kinds are the names in the frame stats. */
export type FrameStep =
	/** Fill the canvas from the overview (the kept exact frame is stale after this). */
	| { kind: 'overview' }
	/** Shift the overview copy, fill the uncovered strips from the overview. */
	| ({ kind: 'overview-scroll' } & Strips)
	/** Paint the whole view. */
	| { kind: 'full' }
	/** Stand in for the view (keeping `remember`, the exact frame on screen, first). */
	| { kind: 'preview'; remember: DrawnView | null }
	/** Shift the pixels, paint the uncovered strips exactly. */
	| ({ kind: 'scroll' } & Strips)
	/** Shift the pixels, fill the uncovered strips from the overview. */
	| ({ kind: 'scroll-preview' } & Strips)
	/** Paint these elements over what is there. */
	| { kind: 'append'; ids: string[] }
	/** Repaint a device rectangle (null: nothing of it is on the canvas). */
	| { kind: 'region'; box: DeviceRect | null }
	/** Spend the frame on the overview, which will be this view. */
	| { kind: 'overview-build' }
	/** Paint a slice of the job (a new one for the view if `restart`); swap it in when done. */
	| { kind: 'slice'; restart: boolean };

export interface FramePlan {
	steps: FrameStep[];
	state: LayerState;
	/** List the elements around the view to warm again (the view moved on). */
	relistWarm: boolean;
	/** Background budget of the frame, before the cost of what it painted is taken off. */
	backgroundMs: number;
}

type Planned = { steps: FrameStep[]; state: LayerState };

export function planFrame(state: LayerState, input: FrameInput): FramePlan {
	const next = input.view;
	const moved = !sameView(state.lastView, next);
	let frames = state.frames;
	let relistWarm = false;
	if (moved) {
		if (!input.warmListed) relistWarm = true;
		else relistWarm = ++frames % RELIST_EVERY === 0;
	}
	const s = { ...state, lastView: next, frames };
	const scale = transformOf(next).scale;
	const planned =
		input.overviewScale !== null && scale <= input.overviewScale
			? fromOverview(s, input)
			: exact(s, input, moved);
	return {
		...planned,
		relistWarm,
		backgroundMs: moved || input.interactive ? BACKGROUND_WHILE_MOVING_MS : FRAME_BUDGET_MS
	};
}

/** Zoomed out past the overview's scale: the screen is a copy of it. */
function fromOverview(s: LayerState, input: FrameInput): Planned {
	const next = input.view;
	const state = { ...s, job: null };
	const current = input.overviewVersion;
	if (s.shownOverview === current && s.shown !== null) {
		const plan = planView(s.shown.view, next);
		if (plan.kind === 'same') return { steps: [], state };
		if (plan.kind === 'scroll') {
			// Whole-pixel shifts resample the overview identically: reuse the pixels.
			const { dx, dy, strips } = plan;
			const shown = { view: next, exact: true };
			return { steps: [{ kind: 'overview-scroll', dx, dy, strips }], state: { ...state, shown } };
		}
	}
	return {
		steps: [{ kind: 'overview' }],
		state: {
			...state,
			shown: { view: next, exact: true },
			shownOverview: current,
			// Far from here and soon stale: previews after this come from the overview.
			pending: emptyPending(),
			drawnTop: input.top()
		}
	};
}

function exact(s: LayerState, input: FrameInput, moved: boolean): Planned {
	const next = input.view;
	// A frame copied from the overview is only a preview at this scale.
	const shown =
		s.shown !== null && s.shownOverview !== null ? { ...s.shown, exact: false } : s.shown;
	let state: LayerState = { ...s, shown, shownOverview: null };
	const plan =
		shown === null || s.pending.full ? ({ kind: 'full' } as const) : planView(shown.view, next);
	if (plan.kind === 'full') {
		const limit = shown === null ? FIRST_PAINT_LIMIT_MS : SYNC_LIMIT_MS;
		if (input.estimate(wholeBox(next)) <= limit) {
			const painted = { view: next, exact: true };
			return {
				steps: [{ kind: 'full' }],
				state: {
					...state,
					pending: emptyPending(),
					job: null,
					shown: painted,
					drawnTop: input.top()
				}
			};
		}
		const remember = shown?.exact ? shown.view : null;
		// The preview is the full repaint's stand-in: every way from a preview back to an exact
		// frame repaints everything (a job once the view holds still), so the request is done.
		const pending = { ...state.pending, full: false };
		return {
			steps: [{ kind: 'preview', remember }],
			state: { ...state, pending, shown: { view: next, exact: false }, job: null }
		};
	}
	const steps: FrameStep[] = [];
	if (plan.kind === 'scroll' && shown !== null) {
		// Pixels move whether they are exact or a preview; uncovered strips are painted exactly
		// when that fits in the frame, else filled from the overview until the view holds still.
		const { dx, dy, strips } = plan;
		const cheap = strips.reduce((ms, box) => ms + input.estimate(box), 0) <= SYNC_LIMIT_MS;
		steps.push({ kind: cheap ? 'scroll' : 'scroll-preview', dx, dy, strips });
		const exact = shown.exact && cheap;
		state = { ...state, shown: { view: next, exact } };
		if (!exact) return { steps, state: { ...state, job: null } };
	}
	if (state.shown?.exact) return edits(state, input, plan.kind !== 'scroll', steps);
	if (!moved) return slice(state, input, steps);
	return { steps, state };
}

/**
 * Edits since the last frame, on an exact frame: append on top or repaint the region.
 * @param canAppend false after a scroll painted strips from the board (see planRedraw)
 */
function edits(s: LayerState, input: FrameInput, canAppend: boolean, steps: FrameStep[]): Planned {
	const next = input.view;
	const v = transformOf(next);
	const plan = planRedraw(s.pending, s.drawnTop, canAppend);
	if (plan.kind === 'none') return { steps, state: s };
	const painted = (): LayerState => ({ ...s, pending: emptyPending(), drawnTop: input.top() });
	if (plan.kind === 'append') {
		const visible = deviceToBoard(v, wholeBox(next));
		const ids = plan.ids.filter((id) => {
			const b = input.bounds(id);
			return b !== null && rectsIntersect(b, visible);
		});
		if (input.estimateElements(ids.length) <= SYNC_LIMIT_MS) {
			steps.push({ kind: 'append', ids });
			return { steps, state: painted() };
		}
	} else if (plan.kind === 'region') {
		const box = boardToDevice(v, plan.rect, next.width, next.height);
		if (box === null || input.estimate(box) <= SYNC_LIMIT_MS) {
			steps.push({ kind: 'region', box });
			return { steps, state: painted() };
		}
	}
	// Too much for one frame (a clear, an undo of many, a full repaint): slice it.
	const shown = s.shown === null ? null : { ...s.shown, exact: false };
	return slice({ ...s, shown }, input, steps);
}

/** Start or continue painting the exact frame into the back buffer. */
function slice(s: LayerState, input: FrameInput, steps: FrameStep[]): Planned {
	const next = input.view;
	if (s.job === null && input.overviewWillCover) {
		// Zoomed out: the overview being built will be this frame, finish it first.
		steps.push({ kind: 'overview-build' });
		return { steps, state: s };
	}
	// A job paints one view; it paints the board as it is now, later edits go on after the swap.
	const restart = s.job === null || !sameView(s.job.view, next);
	const state = restart
		? { ...s, job: { view: next, top: input.top() }, pending: emptyPending() }
		: s;
	steps.push({ kind: 'slice', restart });
	return { steps, state };
}

/** The background work a frame may still do after its steps. */
export interface BackgroundPlan {
	/** performance.now() by which to stop. */
	deadline: number;
	/** No overview work before this time (a bulk arrival is under way). */
	overviewFrom: number;
}

/**
 * Whatever is left of the frame prepares the next ones: first the paths of elements around the
 * view (pans reach them soon), then the overview. Nothing while a sliced job is under way (it
 * has the frame). What the frame painted is rasterised after it returns, so its estimated cost
 * comes off the budget.
 * @param state after the frame's steps
 * @param start when the frame began (performance.now())
 * @param paintedMs estimated cost of what the frame painted on screen
 */
export function planBackground(
	state: LayerState,
	plan: Pick<FramePlan, 'backgroundMs'>,
	start: number,
	paintedMs: number
): BackgroundPlan | null {
	if (state.job !== null) return null;
	return { deadline: start + plan.backgroundMs - paintedMs, overviewFrom: state.overviewAfter };
}
