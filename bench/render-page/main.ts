/**
 * Renderer benchmark page (see bench/render.ts). Builds a board of many pen strokes, then
 * measures
 *   open:   Y.applyUpdate + Board construction (decode, validate) + first paint, and
 *   frames: pan and zoom driven by requestAnimationFrame; per frame the renderer's whole frame
 *           plus a forced rasterisation, and the interval between animation frames,
 * and finally compares the incrementally built frame with a from-scratch render.
 * Results land in window.__benchResult.
 */
import type { Viewport } from '$lib/geometry/viewport';
import { compareWithFreshRender, stress } from './check';
import { gallery } from './gallery';
import {
	AREA,
	centred,
	centreOf,
	CSS_H,
	CSS_W,
	nextFrame,
	num,
	openBoard,
	params
} from './harness';
import { sceneStrokes } from '$lib/probe/strokes';

const DPR = num('dpr', 1);
/** Scale the frame counts (a quick run with 0.25). */
const FRAMES = num('frames', 1);
/** Force rasterisation inside the measured frame (a 1-pixel readback); 0 = JS time only. */
const RASTER = params.get('raster') !== '0';
const FIT_ZOOM = Math.min(CSS_W / AREA.width, CSS_H / AREA.height);

interface Summary {
	n: number;
	p50: number;
	p95: number;
	max: number;
	mean: number;
}

function summarise(values: number[]): Summary {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
	const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
	const r = (v: number) => Math.round(v * 100) / 100;
	return { n: values.length, p50: r(at(0.5)), p95: r(at(0.95)), max: r(at(1)), mean: r(mean) };
}

async function run() {
	const canvas = document.getElementById('static') as HTMLCanvasElement;
	const {
		harness: h,
		open,
		setupMs
	} = await openBoard({
		count: num('strokes', 10_000),
		points: num('points', 200),
		dpr: DPR,
		raster: RASTER,
		canvas
	});
	if (params.get('stress') === '1') return { stress: await stress(h, num('rounds', 40)) };

	const phases: Record<string, unknown> = {};
	const allDraws: number[] = [];
	const allIntervals: number[] = [];
	let view = h.renderer.viewport;
	async function phase(
		name: string,
		frames: number,
		at: (i: number, n: number) => Viewport,
		edit?: (i: number) => void
	) {
		const n = Math.max(2, Math.round(frames * FRAMES));
		const draws: number[] = [];
		const intervals: number[] = [];
		const plans: Record<string, number> = {};
		const slow: string[] = [];
		let painted = 0;
		const record = (ms: number, plan: string) => {
			draws.push(ms);
			plans[plan] = (plans[plan] ?? 0) + 1;
			painted += h.renderer.lastFrame.painted;
			if (ms > 16)
				slow.push(`${ms.toFixed(1)}ms ${plan} (renderer ${h.renderer.lastFrame.ms.toFixed(1)}ms)`);
		};
		let last = await nextFrame();
		for (let i = 0; i < n; i++) {
			const now = await nextFrame();
			intervals.push(now - last);
			last = now;
			edit?.(i); // edits land between frames, as remote updates do
			record(h.frame(at(i, n)), h.renderer.lastFrame.plan);
		}
		// Then the view holds still: frames keep coming while sliced work (exact frame, overview)
		// finishes. They count as frames too.
		let settleFrames = 0;
		const settleStart = performance.now();
		let exactAfterMs: number | null = null;
		while (h.wantsFrame && settleFrames < 600) {
			const now = await nextFrame();
			intervals.push(now - last);
			last = now;
			record(h.frame(null), `settle:${h.renderer.lastFrame.plan}`);
			settleFrames++;
			if (exactAfterMs === null && h.renderer.lastFrame.plan.includes('swap')) {
				exactAfterMs = Math.round(performance.now() - settleStart);
			}
		}
		view = h.renderer.viewport;
		allDraws.push(...draws);
		allIntervals.push(...intervals);
		phases[name] = {
			check: params.get('check') === 'each' ? await compareWithFreshRender(h) : undefined,
			draw: summarise(draws),
			interval: summarise(intervals),
			plans,
			paintedPerFrame: Math.round(painted / draws.length),
			settleFrames,
			exactAfterMs,
			slow
		};
	}
	/** (dx, dy) screen px per frame, there and back: the view ends where it started, on content. */
	const pan = (dx: number, dy: number) => (i: number, n: number) => {
		const steps = i < n / 2 ? i + 1 : n - i - 1;
		return {
			x: view.x + (dx * steps) / view.zoom,
			y: view.y + (dy * steps) / view.zoom,
			zoom: view.zoom
		};
	};
	const zoomTo = (target: number) => (i: number, n: number) => {
		const c = centreOf(view);
		return centred(c.x, c.y, view.zoom * Math.pow(target / view.zoom, (i + 1) / n));
	};
	// A fast hand pan: about 16 CSS px per frame (~1000 px/s).
	await phase('pan, zoom 1', 150, pan(14, 7));
	await phase('zoom out 1 -> fit', 120, zoomTo(FIT_ZOOM));
	await phase('pan, zoomed out (all visible)', 60, pan(14, 7));
	await phase('zoom in fit -> 0.5', 90, zoomTo(0.5));
	await phase('pan, zoom 0.5', 60, pan(-14, 7));
	await phase('zoom in 0.5 -> 1', 60, zoomTo(1));
	const extra = sceneStrokes({ count: 1000, points: 60, width: 400, height: 300, seed: 7 });
	await phase('pan + edits (add/move/delete)', 120, pan(-6, -3), (i) => {
		const c = centreOf(h.renderer.viewport);
		if (i % 2 === 0) {
			const input = extra.next().value;
			if (input) h.board.add({ ...input, x: c.x - 200 + input.x, y: c.y - 150 + input.y });
		}
		const near = h.board
			.elements()
			.filter((el) => Math.abs(el.x - c.x) < 500 && Math.abs(el.y - c.y) < 300);
		const pick = near[(i * 7919) % Math.max(1, near.length)];
		if (pick && i % 5 === 0) h.board.moveBy([pick.id], 25, -10);
		if (pick && i % 11 === 0) h.board.remove([pick.id]);
	});

	const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
	return {
		config: {
			strokes: num('strokes', 10_000),
			points: num('points', 200),
			dpr: DPR,
			raster: RASTER,
			css: [CSS_W, CSS_H]
		},
		setupMs,
		open,
		phases,
		overall: { draw: summarise(allDraws), interval: summarise(allIntervals) },
		check: await compareWithFreshRender(h),
		heapMB: memory ? Math.round(memory.usedJSHeapSize / 1e6) : null
	};
}

declare global {
	interface Window {
		__benchResult?: unknown;
	}
}

(params.get('gallery') === '1' ? gallery : run)().then(
	(result) => {
		window.__benchResult = result;
		document.title = 'done';
	},
	(error: unknown) => {
		window.__benchResult = { error: String((error as Error)?.stack ?? error) };
		document.title = 'failed';
	}
);
