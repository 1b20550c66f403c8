/**
 * The static layer's frame decisions (renderer/frame-plan.ts, frame-state.ts), without a canvas:
 * a state and what the frame sees in, the steps and the next state out.
 */
import { describe, expect, it } from 'vitest';
import type { Rect } from '../../src/lib/geometry/rect';
import {
	BACKGROUND_WHILE_MOVING_MS,
	FIRST_PAINT_LIMIT_MS,
	FRAME_BUDGET_MS,
	planBackground,
	planFrame,
	SYNC_LIMIT_MS,
	type FrameInput,
	type FramePlan
} from '../../src/lib/renderer/frame-plan';
import {
	areaDirtied,
	boardChanged,
	BULK_CHANGE,
	canvasCleared,
	initialLayerState,
	jobFinished,
	lookChanged,
	OVERVIEW_QUIET_MS,
	overviewMayWork,
	screenBusy,
	shows,
	type LayerState
} from '../../src/lib/renderer/frame-state';
import type { DrawnView, StackKey } from '../../src/lib/renderer/redraw-plan';

/** A 200 × 100 device-pixel canvas at dpr 1 showing board (x, y) at its top-left. */
const view = (x: number, y: number, zoom = 1): DrawnView => ({
	viewport: { x, y, zoom },
	dpr: 1,
	width: 200,
	height: 100
});

const box = (minX: number, minY: number, maxX: number, maxY: number): Rect => ({
	minX,
	minY,
	maxX,
	maxY
});

const TOP: StackKey = { id: 'top', z: 10 };

/** What a frame sees; by default everything is cheap and there is no overview. */
function input(v: DrawnView, over: Partial<FrameInput> = {}): FrameInput {
	const bounds = new Map<string, Rect>([
		['on', box(10, 10, 20, 20)],
		['off', box(5000, 5000, 5010, 5010)]
	]);
	return {
		view: v,
		interactive: false,
		overviewScale: null,
		overviewVersion: 0,
		overviewWillCover: false,
		warmListed: false,
		estimate: () => 1,
		estimateElements: (count) => count * 0.1,
		bounds: (id) => bounds.get(id) ?? null,
		top: () => TOP,
		...over
	};
}

/** A layer showing `v` exactly, with nothing pending. */
function painted(v: DrawnView): LayerState {
	return planFrame(initialLayerState(), input(v)).state;
}

const kinds = (plan: FramePlan) => plan.steps.map((s) => s.kind);

/** A change adding `id` (z) with board bounds `b`. */
const added = (s: LayerState, id: string, z: number, b: Rect, now = 0) =>
	boardChanged(s, { dirty: null, added: [{ id, z, bounds: b }] }, 1, now);

describe('frame plan: first paint', () => {
	it('paints the whole view at once when the estimate fits the first-paint limit', () => {
		const plan = planFrame(initialLayerState(), input(view(0, 0), { estimate: () => 250 }));
		expect(kinds(plan)).toEqual(['full']);
		expect(plan.state.shown).toEqual({ view: view(0, 0), exact: true });
		expect(plan.state.drawnTop).toEqual(TOP);
		expect(shows(plan.state)).toBe('exact');
		expect(screenBusy(plan.state)).toBe(false);
	});

	it('shows a preview and slices the exact frame once the view holds still', () => {
		const costly = input(view(0, 0), { estimate: () => FIRST_PAINT_LIMIT_MS + 1 });
		const first = planFrame(initialLayerState(), costly);
		expect(first.steps).toEqual([{ kind: 'preview', remember: null }]);
		expect(shows(first.state)).toBe('preview');
		expect(screenBusy(first.state)).toBe(true);

		const second = planFrame(first.state, costly);
		expect(second.steps).toEqual([{ kind: 'slice', restart: true }]);
		expect(second.state.job).toEqual({ view: view(0, 0), top: TOP });
		const third = planFrame(second.state, { ...costly, top: () => ({ id: 'later', z: 99 }) });
		expect(third.steps).toEqual([{ kind: 'slice', restart: false }]);

		// The last slice swaps the buffer in: exact, with the top the job started from.
		const done = jobFinished(third.state);
		expect(done.job).toBeNull();
		expect(done.shown).toEqual({ view: view(0, 0), exact: true });
		expect(done.drawnTop).toEqual(TOP);
		expect(shows(done)).toBe('exact');
		expect(screenBusy(done)).toBe(false);
	});

	it('after the first paint, a full repaint is only done at once within the frame limit', () => {
		const cleared = lookChanged(painted(view(0, 0)));
		expect(kinds(planFrame(cleared, input(view(0, 0), { estimate: () => SYNC_LIMIT_MS })))).toEqual(
			['full']
		);
		const slow = planFrame(cleared, input(view(0, 0), { estimate: () => SYNC_LIMIT_MS + 1 }));
		// The exact frame on screen is kept for the previews that follow.
		expect(slow.steps).toEqual([{ kind: 'preview', remember: view(0, 0) }]);
	});

	it('slices a full repaint too big for one frame (theme, resize) once the view holds still', () => {
		const costly = input(view(0, 0), { estimate: () => FIRST_PAINT_LIMIT_MS + 1 });
		for (const start of [lookChanged(painted(view(0, 0))), canvasCleared(painted(view(0, 0)))]) {
			const preview = planFrame(start, costly);
			expect(kinds(preview)).toEqual(['preview']);
			// Not a preview again every frame: the exact frame is painted, in slices.
			expect(planFrame(preview.state, costly).steps).toEqual([{ kind: 'slice', restart: true }]);
		}
	});

	it('paints from scratch after the canvas was cleared (resize)', () => {
		const state = canvasCleared(painted(view(0, 0)));
		expect(shows(state)).toBe('nothing');
		const plan = planFrame(state, input(view(0, 0), { estimate: () => FIRST_PAINT_LIMIT_MS }));
		expect(kinds(plan)).toEqual(['full']);
	});
});

describe('frame plan: overview at low zoom', () => {
	const low = (x: number, y: number) => view(x, y, 0.25);
	const over = (v: DrawnView, version = 1): FrameInput =>
		input(v, { overviewScale: 0.5, overviewVersion: version });

	it('copies the overview, then shifts that copy for a whole-pixel pan', () => {
		const withEdit = added(painted(view(0, 0)), 'on', 11, box(10, 10, 20, 20));
		const copy = planFrame(withEdit, over(low(0, 0)));
		expect(kinds(copy)).toEqual(['overview']);
		expect(copy.state.shownOverview).toBe(1);
		expect(copy.state.pending.added).toEqual([]); // the overview has the edits
		expect(shows(copy.state)).toBe('overview');

		const pan = planFrame(copy.state, over(low(-40, 0))); // 10 device px at 0.25
		expect(pan.steps).toEqual([
			{ kind: 'overview-scroll', dx: 10, dy: 0, strips: [{ x: 0, y: 0, w: 10, h: 100 }] }
		]);
		expect(planFrame(pan.state, over(low(-40, 0))).steps).toEqual([]);
	});

	it('copies it again when the overview changed', () => {
		const copy = planFrame(painted(view(0, 0)), over(low(0, 0)));
		expect(kinds(planFrame(copy.state, over(low(-40, 0), 2)))).toEqual(['overview']);
	});

	it('above the overview scale again, the copy only counts as a preview', () => {
		const copy = planFrame(painted(view(0, 0)), over(low(0, 0)));
		const back = planFrame(copy.state, input(view(0, 0), { estimate: () => 50 }));
		expect(back.steps).toEqual([{ kind: 'preview', remember: null }]);
		expect(back.state.shownOverview).toBeNull();
	});

	it('drops a sliced job: the overview is the frame', () => {
		const slicing = { ...painted(view(0, 0)), job: { view: view(0, 0), top: TOP } };
		expect(planFrame(slicing, over(low(0, 0))).state.job).toBeNull();
	});
});

describe('frame plan: pan', () => {
	it('shifts the pixels and paints the uncovered strips exactly when that is cheap', () => {
		const plan = planFrame(painted(view(0, 0)), input(view(5, -3)));
		expect(plan.steps).toEqual([
			{
				kind: 'scroll',
				dx: -5,
				dy: 3,
				strips: [
					{ x: 195, y: 0, w: 5, h: 100 },
					{ x: 0, y: 0, w: 195, h: 3 }
				]
			}
		]);
		expect(shows(plan.state)).toBe('exact');
	});

	it('fills the strips from the overview when painting them would blow the frame', () => {
		const plan = planFrame(painted(view(0, 0)), input(view(5, 0), { estimate: () => 9 }));
		expect(kinds(plan)).toEqual(['scroll-preview']);
		expect(shows(plan.state)).toBe('preview');
		// Held still, the exact frame is then sliced.
		expect(planFrame(plan.state, input(view(5, 0))).steps).toEqual([
			{ kind: 'slice', restart: true }
		]);
	});

	it('a preview stays a preview when it scrolls, however cheap the strips', () => {
		const preview = planFrame(painted(view(0, 0)), input(view(5, 0), { estimate: () => 9 }));
		const plan = planFrame(preview.state, input(view(10, 0)));
		expect(kinds(plan)).toEqual(['scroll']);
		expect(shows(plan.state)).toBe('preview');
	});

	it('a zoom repaints the whole view (or previews it)', () => {
		expect(kinds(planFrame(painted(view(0, 0)), input(view(0, 0, 2))))).toEqual(['full']);
	});
});

describe('frame plan: edits', () => {
	it('paints a new top element over the rest, only if it is in view', () => {
		let s = painted(view(0, 0));
		s = added(s, 'on', 11, box(10, 10, 20, 20));
		s = added(s, 'off', 12, box(5000, 5000, 5010, 5010));
		const plan = planFrame(s, input(view(0, 0), { top: () => ({ id: 'off', z: 12 }) }));
		expect(plan.steps).toEqual([{ kind: 'append', ids: ['on'] }]);
		expect(plan.state.drawnTop).toEqual({ id: 'off', z: 12 });
		expect(screenBusy(plan.state)).toBe(false);
	});

	it('repaints the region of an element added below the top, or of a change', () => {
		const below = added(painted(view(0, 0)), 'on', 1, box(10, 10, 20, 20));
		expect(planFrame(below, input(view(0, 0))).steps).toEqual([
			{ kind: 'region', box: { x: 9, y: 9, w: 12, h: 12 } }
		]);
		const moved = areaDirtied(painted(view(0, 0)), box(0, 0, 10, 10));
		expect(kinds(planFrame(moved, input(view(0, 0))))).toEqual(['region']);
		// Off screen: nothing to paint, the edit is done.
		const far = areaDirtied(painted(view(0, 0)), box(900, 900, 910, 910));
		const plan = planFrame(far, input(view(0, 0)));
		expect(plan.steps).toEqual([{ kind: 'region', box: null }]);
		expect(screenBusy(plan.state)).toBe(false);
	});

	it('does not append over strips a scroll just painted from the board', () => {
		const s = added(painted(view(0, 0)), 'on', 11, box(10, 10, 20, 20));
		expect(kinds(planFrame(s, input(view(2, 0))))).toEqual(['scroll', 'region']);
	});

	it('slices what is too much for one frame (a clear, an undo of many)', () => {
		const many = added(painted(view(0, 0)), 'on', 11, box(10, 10, 20, 20));
		const append = planFrame(
			many,
			input(view(0, 0), { estimateElements: () => SYNC_LIMIT_MS + 1 })
		);
		expect(append.steps).toEqual([{ kind: 'slice', restart: true }]);
		expect(shows(append.state)).toBe('preview');
		// The job paints the board as it is now: the edits are in it.
		expect(append.state.pending.added).toEqual([]);

		const big = areaDirtied(painted(view(0, 0)), box(0, 0, 100, 100));
		const region = planFrame(big, input(view(0, 0), { estimate: (b) => (b.w > 50 ? 20 : 1) }));
		expect(kinds(region)).toEqual(['slice']);
	});

	it('finishes the overview first when it is being built and will cover the view', () => {
		const big = areaDirtied(painted(view(0, 0)), box(0, 0, 100, 100));
		const plan = planFrame(big, input(view(0, 0), { estimate: () => 20, overviewWillCover: true }));
		expect(kinds(plan)).toEqual(['overview-build']);
		expect(plan.state.job).toBeNull();
		expect(shows(plan.state)).toBe('preview');
	});
});

describe('frame plan: a job in progress', () => {
	const zoomed = (x: number) => view(x, 0, 2);
	/** Zoomed in past what one frame can paint: previewed, then the first slice. */
	function slicing() {
		const costly = input(zoomed(0), { estimate: () => 50 });
		const preview = planFrame(painted(view(0, 0)), costly);
		expect(kinds(preview)).toEqual(['preview']);
		return planFrame(preview.state, costly).state;
	}

	it('continues while the view holds still, keeping later edits for after the swap', () => {
		const s = added(slicing(), 'on', 11, box(10, 10, 20, 20));
		const plan = planFrame(s, input(zoomed(0)));
		expect(plan.steps).toEqual([{ kind: 'slice', restart: false }]);
		expect(plan.state.pending.added).toHaveLength(1);
		const swapped = jobFinished(plan.state);
		expect(screenBusy(swapped)).toBe(true);
		expect(planFrame(swapped, input(zoomed(0))).steps).toEqual([{ kind: 'append', ids: ['on'] }]);
	});

	it('is dropped when the view moves; the new view is previewed', () => {
		const pan = planFrame(slicing(), input(zoomed(3)));
		expect(kinds(pan)).toEqual(['scroll']);
		expect(pan.state.job).toBeNull();
		expect(shows(pan.state)).toBe('preview');
		// While the view keeps moving nothing is sliced...
		expect(kinds(planFrame(pan.state, input(zoomed(6))))).toEqual(['scroll']);
		// ...once it holds still, a new job starts for it.
		expect(planFrame(pan.state, input(zoomed(3))).steps).toEqual([
			{ kind: 'slice', restart: true }
		]);
	});
});

describe('frame plan: background work', () => {
	it('gets the frame budget when still, a short one when moving or interactive', () => {
		const s = painted(view(0, 0));
		expect(planFrame(s, input(view(0, 0))).backgroundMs).toBe(FRAME_BUDGET_MS);
		expect(planFrame(s, input(view(1, 0))).backgroundMs).toBe(BACKGROUND_WHILE_MOVING_MS);
		const drawing = input(view(0, 0), { interactive: true });
		expect(planFrame(s, drawing).backgroundMs).toBe(BACKGROUND_WHILE_MOVING_MS);
	});

	it('takes what the frame painted off the budget, and does nothing while a job slices', () => {
		const s = painted(view(0, 0));
		expect(planBackground(s, { backgroundMs: 4 }, 1000, 1.5)).toEqual({
			deadline: 1002.5,
			overviewFrom: 0
		});
		const job = { ...s, job: { view: view(0, 0), top: TOP } };
		expect(planBackground(job, { backgroundMs: 10 }, 1000, 0)).toBeNull();
	});

	it('lists the elements to warm again when the view moved, every 8th frame while listed', () => {
		let s = painted(view(0, 0));
		expect(planFrame(s, input(view(0, 0))).relistWarm).toBe(false);
		expect(planFrame(s, input(view(1, 0))).relistWarm).toBe(true);
		const relists: boolean[] = [];
		for (let i = 1; i <= 16; i++) {
			const plan = planFrame(s, input(view(i, 0), { warmListed: true }));
			relists.push(plan.relistWarm);
			s = plan.state;
		}
		expect(relists.map((r, i) => (r ? i + 1 : 0)).filter(Boolean)).toEqual([8, 16]);
	});

	it('holds overview work back while a bulk arrival goes on', () => {
		let s = painted(view(0, 0));
		const many = Array.from({ length: BULK_CHANGE }, (_, i) => ({
			id: `e${i}`,
			z: 20 + i,
			bounds: box(0, 0, 1, 1)
		}));
		s = boardChanged(s, { dirty: null, added: many }, BULK_CHANGE, 1000);
		expect(s.overviewAfter).toBe(1000 + OVERVIEW_QUIET_MS);
		expect(overviewMayWork(s, 1000 + OVERVIEW_QUIET_MS - 1)).toBe(false);
		expect(overviewMayWork(s, 1000 + OVERVIEW_QUIET_MS)).toBe(true);
		// A small change later does not extend the wait.
		const small = added(s, 'x', 99, box(0, 0, 1, 1), 1100);
		expect(small.overviewAfter).toBe(1000 + OVERVIEW_QUIET_MS);
		expect(planBackground(small, { backgroundMs: 10 }, 1200, 0)?.overviewFrom).toBe(1250);
	});
});

describe('frame state: what the canvas shows', () => {
	it('tells nothing, exact, preview and overview apart; busy until exact with nothing left', () => {
		const none = initialLayerState();
		expect(shows(none)).toBe('nothing');
		const exact = painted(view(0, 0));
		expect([shows(exact), screenBusy(exact)]).toEqual(['exact', false]);
		const preview = { ...exact, shown: { view: view(0, 0), exact: false } };
		expect([shows(preview), screenBusy(preview)]).toEqual(['preview', true]);
		const overview = { ...exact, shownOverview: 3 };
		expect(shows(overview)).toBe('overview');
		expect(screenBusy(areaDirtied(exact, box(0, 0, 1, 1)))).toBe(true);
		expect(screenBusy(lookChanged(exact))).toBe(true);
		expect(screenBusy({ ...exact, job: { view: view(0, 0), top: null } })).toBe(true);
	});

	it('folds changes in without touching the state it came from', () => {
		const s = painted(view(0, 0));
		const next = boardChanged(
			s,
			{ dirty: box(0, 0, 5, 5), added: [{ id: 'a', z: 1, bounds: box(1, 1, 2, 2) }] },
			1,
			0
		);
		expect(next.pending).toEqual({
			full: false,
			dirty: box(0, 0, 5, 5),
			added: [{ id: 'a', z: 1, bounds: box(1, 1, 2, 2) }]
		});
		expect(s.pending).toEqual({ full: false, dirty: null, added: [] });
		expect(areaDirtied(s, null)).toBe(s);
	});
});
