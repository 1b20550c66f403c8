/**
 * What the static layer knows between frames, as one immutable value: what the canvas shows,
 * what changed since, the sliced job in progress and when overview work may resume. The planner
 * (frame-plan.ts) maps it to the next; the reducers here fold in what happens between frames.
 * Pure, so every transition is unit-tested without a canvas.
 */
import { rectUnion, type Rect } from '$lib/geometry/rect';
import { emptyPending, type AddedElement, type DrawnView, type PendingRedraw } from './redraw-plan';
import type { StackKey } from './redraw-plan';

/**
 * A change adding at least this many elements is part of a bulk arrival (a late join receives
 * the board in pieces, a paste): the overview waits until no such change came for
 * OVERVIEW_QUIET_MS, instead of being laid out and rebuilt as the board grows piece by piece and
 * taking the CPU the arrival needs.
 */
export const BULK_CHANGE = 50;
export const OVERVIEW_QUIET_MS = 250;

/** The view on the canvas. */
export interface Shown {
	view: DrawnView;
	/** False while a preview stands in for the exact frame. */
	exact: boolean;
}

/** The exact frame being painted into the back buffer, a slice per frame. */
export interface JobState {
	view: DrawnView;
	/** The top element when it started: it paints the board as it was then. */
	top: StackKey | null;
}

export interface LayerState {
	/** Edits not on the canvas yet. */
	readonly pending: PendingRedraw;
	/** The highest element on the canvas (appending above it needs no clearing). */
	readonly drawnTop: StackKey | null;
	/** Null: nothing reusable (never painted, or the canvas was cleared). */
	readonly shown: Shown | null;
	/** The overview version the canvas was last copied from (null: not drawn from it). */
	readonly shownOverview: number | null;
	readonly job: JobState | null;
	/** The view of the previous frame: a different one means the user is moving it. */
	readonly lastView: DrawnView | null;
	/** Moving frames since the paths to warm were last listed. */
	readonly frames: number;
	/** No overview work before this time (performance.now()): a bulk arrival is under way. */
	readonly overviewAfter: number;
}

export const initialLayerState = (): LayerState => ({
	pending: emptyPending(),
	drawnTop: null,
	shown: null,
	shownOverview: null,
	job: null,
	lastView: null,
	frames: 0,
	overviewAfter: 0
});

const hasPending = (p: PendingRedraw): boolean => p.full || p.dirty !== null || p.added.length > 0;

/** The canvas was cleared (resized): nothing shown can be reused. */
export const canvasCleared = (s: LayerState): LayerState => ({
	...s,
	pending: { ...s.pending, full: true },
	shown: null
});

/** Every element looks different (theme): repaint everything. */
export const lookChanged = (s: LayerState): LayerState => ({
	...s,
	pending: { ...s.pending, full: true }
});

/**
 * A board change: its repaint area and added elements join the pending edits.
 * @param addedCount elements the change added (a bulk arrival holds overview work back)
 * @param now performance.now()
 */
export function boardChanged(
	s: LayerState,
	delta: { dirty: Rect | null; added: readonly AddedElement[] },
	addedCount: number,
	now: number
): LayerState {
	const p = s.pending;
	return {
		...s,
		overviewAfter: addedCount >= BULK_CHANGE ? now + OVERVIEW_QUIET_MS : s.overviewAfter,
		pending: {
			full: p.full,
			dirty: rectUnion(p.dirty, delta.dirty),
			added: delta.added.length === 0 ? p.added : p.added.concat(delta.added)
		}
	};
}

/** An area must be repainted (elements hidden or shown again). */
export const areaDirtied = (s: LayerState, dirty: Rect | null): LayerState =>
	dirty === null
		? s
		: { ...s, pending: { ...s.pending, dirty: rectUnion(s.pending.dirty, dirty) } };

/** The sliced job painted its last element and was copied onto the canvas. */
export const jobFinished = (s: LayerState): LayerState =>
	s.job === null
		? s
		: { ...s, job: null, shown: { view: s.job.view, exact: true }, drawnTop: s.job.top };

/**
 * The screen still needs frames: a slice to paint, a preview to replace, edits to apply. (The
 * overview is built in the background and is not on the screen at this scale.)
 */
export const screenBusy = (s: LayerState): boolean =>
	s.job !== null || s.shown?.exact === false || hasPending(s.pending);

/** Overview work waits for a bulk arrival to go quiet. */
export const overviewMayWork = (s: LayerState, now: number): boolean => now >= s.overviewAfter;

export type Shows = 'exact' | 'preview' | 'overview' | 'nothing';

/** What the canvas shows: the exact frame, a preview, or the overview. */
export const shows = (s: LayerState): Shows =>
	s.shown === null
		? 'nothing'
		: s.shownOverview !== null
			? 'overview'
			: s.shown.exact
				? 'exact'
				: 'preview';
