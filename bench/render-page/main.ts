/**
 * Renderer benchmark page. Builds a board of many pen strokes, then measures
 *   open:   Y.applyUpdate + Board construction (decode, validate) + first paint, and
 *   frames: pan and zoom driven by requestAnimationFrame, per frame the draw time (renderer work
 *           plus a forced rasterisation) and the interval between animation frames.
 * Results land in window.__benchResult (read by bench/render.ts) and on the page.
 */
import * as Y from 'yjs';
import { Board } from '$lib/board/board';
import type { Viewport } from '$lib/geometry/viewport';
import { BoardRenderer } from '$lib/renderer/board-renderer';
import { EMPTY_OVERLAY, type OverlayState } from '$lib/renderer/overlay-state';
import { LIGHT_THEME } from '$lib/ui/theme';
import { sceneStrokes } from './scene';

const params = new URLSearchParams(location.search);
const num = (key: string, fallback: number) => Number(params.get(key) ?? fallback);
const COUNT = num('strokes', 10_000);
const POINTS = num('points', 200);
const DPR = num('dpr', 1);
/** Scale the frame counts (a quick run with 0.25). */
const FRAMES = num('frames', 1);
/** Force rasterisation inside the measured draw (a 1-pixel readback); 0 = JS time only. */
const RASTER = params.get('raster') !== '0';
const STRESS_ROUNDS = num('rounds', 40);
const CSS_W = 1280;
const CSS_H = 800;
const AREA = { width: 12_800, height: 8_000 };
const FIT_ZOOM = Math.min(CSS_W / AREA.width, CSS_H / AREA.height);

/**
 * Skia antialiases a path drawn under a clip slightly differently from the same path drawn
 * without one (measured: up to 55 levels on edge pixels). Strips and regions are painted
 * clipped, so those differences are expected; a wrong or missing element differs by more.
 */
const STRUCTURAL_DELTA = 96;

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

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

const staticCanvas = document.getElementById('static') as HTMLCanvasElement;
const overlayCanvas = document.getElementById('overlay') as HTMLCanvasElement;

/** Make the canvas finish drawing now (Chrome records 2D calls and rasterises them later). */
function rasterise(): void {
	staticCanvas.getContext('2d')?.getImageData(0, 0, 1, 1);
}

const centred = (cx: number, cy: number, zoom: number): Viewport => ({
	x: cx - CSS_W / 2 / zoom,
	y: cy - CSS_H / 2 / zoom,
	zoom
});

async function run() {
	const setupStart = performance.now();
	const source = new Y.Doc();
	const sourceBoard = new Board(source);
	sourceBoard.batch(() => {
		for (const input of sceneStrokes({
			count: COUNT,
			points: POINTS,
			...AREA,
			seed: 42
		})) {
			sourceBoard.add(input);
		}
	});
	const update = Y.encodeStateAsUpdate(source);
	sourceBoard.destroy();
	source.destroy();
	const setupMs = performance.now() - setupStart;

	// --- Open: bytes -> Y.Doc -> Board -> first frame on screen.
	const centre = { x: AREA.width / 2, y: AREA.height / 2 };
	const t0 = performance.now();
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	const t1 = performance.now();
	const board = new Board(doc);
	const t2 = performance.now();
	let overlay: OverlayState = EMPTY_OVERLAY;
	// The benchmark drives the renderer's frames itself, so it can time all the work of each.
	let queued: (() => void) | null = null;
	const pump = () => {
		const frame = queued;
		queued = null;
		frame?.();
	};
	const renderer = new BoardRenderer({
		board,
		staticCanvas,
		overlayCanvas,
		getOverlay: () => overlay,
		theme: LIGHT_THEME,
		viewport: centred(centre.x, centre.y, 1),
		requestFrame: (callback) => {
			queued = callback;
			return 1;
		},
		cancelFrame: () => {
			queued = null;
		}
	});
	renderer.resize(CSS_W, CSS_H, DPR); // paints synchronously
	const t3 = performance.now();
	rasterise();
	const t4 = performance.now();
	const firstPainted = renderer.lastFrame.painted;
	await nextFrame();
	const t5 = performance.now();
	const open = {
		updateBytes: update.byteLength,
		elements: board.elementCount,
		applyUpdateMs: t1 - t0,
		boardMs: t2 - t1,
		firstPaintMs: t3 - t2,
		rasteriseMs: t4 - t3,
		totalMs: t4 - t0,
		untilNextFrameMs: t5 - t0,
		painted: firstPainted
	};

	// --- Pan and zoom.
	const phases: Record<string, unknown> = {};
	const allDraws: number[] = [];
	const allIntervals: number[] = [];
	let view = renderer.viewport;
	/** One measured frame: the renderer's whole frame plus forced rasterisation. */
	function frame(viewport: Viewport | null): number {
		const start = performance.now();
		if (viewport !== null) renderer.setViewport(viewport);
		pump();
		if (RASTER) rasterise();
		return performance.now() - start;
	}
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
		let painted = 0;
		let last = await nextFrame();
		const slow: string[] = [];
		const count = (plan: string) => {
			plans[plan] = (plans[plan] ?? 0) + 1;
			painted += renderer.lastFrame.painted;
			const ms = draws[draws.length - 1] ?? 0;
			if (ms > 16) {
				slow.push(
					`${ms.toFixed(1)}ms ${plan} js=${renderer.lastFrame.ms.toFixed(1)} n=${renderer.lastFrame.painted}`
				);
			}
		};
		for (let i = 0; i < n; i++) {
			const now = await nextFrame();
			intervals.push(now - last);
			last = now;
			// Edits land between frames, as remote updates do.
			edit?.(i);
			draws.push(frame(at(i, n)));
			count(renderer.lastFrame.plan);
		}
		// Then the view holds still: frames keep coming while sliced work (exact frame, overview)
		// finishes. They count as frames too.
		let settleFrames = 0;
		const settleStart = performance.now();
		let exactAfterMs: number | null = null;
		while (queued !== null && settleFrames < 600) {
			const now = await nextFrame();
			intervals.push(now - last);
			last = now;
			draws.push(frame(null));
			count(`settle:${renderer.lastFrame.plan}`);
			settleFrames++;
			if (exactAfterMs === null && renderer.lastFrame.plan.includes('swap')) {
				exactAfterMs = performance.now() - settleStart;
			}
		}
		view = renderer.viewport;
		allDraws.push(...draws);
		allIntervals.push(...intervals);
		phases[name] = {
			check: params.get('check') === 'each' ? await compareWithFreshRender() : undefined,
			draw: summarise(draws),
			interval: summarise(intervals),
			plans,
			paintedPerFrame: Math.round(painted / draws.length),
			settleFrames,
			exactAfterMs: exactAfterMs === null ? null : Math.round(exactAfterMs),
			slow
		};
	}
	const centreOf = (v: Viewport) => ({
		x: v.x + CSS_W / 2 / v.zoom,
		y: v.y + CSS_H / 2 / v.zoom
	});
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
		const z = view.zoom * Math.pow(target / view.zoom, (i + 1) / n);
		return centred(c.x, c.y, z);
	};
	// A fast hand pan: about 16 CSS px per frame (~1000 px/s).
	await phase('pan, zoom 1', 150, pan(14, 7));
	await phase('zoom out 1 -> fit', 120, zoomTo(FIT_ZOOM));
	await phase('pan, zoomed out (all visible)', 60, pan(14, 7));
	await phase('zoom in fit -> 0.5', 90, zoomTo(0.5));
	await phase('pan, zoom 0.5', 60, pan(-14, 7));
	await phase('zoom in 0.5 -> 1', 60, zoomTo(1));
	if (params.get('stress') === '1') return { stress: await stress() };
	const extra = sceneStrokes({ count: 1000, points: 60, width: 400, height: 300, seed: 7 });
	await phase('pan + edits (add/move/delete)', 120, pan(-6, -3), (i) => {
		const c = centreOf(renderer.viewport);
		if (i % 2 === 0) {
			const input = extra.next().value;
			if (input) board.add({ ...input, x: c.x - 200 + input.x, y: c.y - 150 + input.y });
		}
		const near = board
			.elements()
			.filter((el) => Math.abs(el.x - c.x) < 500 && Math.abs(el.y - c.y) < 300);
		const pick = near[(i * 7919) % Math.max(1, near.length)];
		if (pick && i % 5 === 0) board.moveBy([pick.id], 25, -10);
		if (pick && i % 11 === 0) board.remove([pick.id]);
	});
	const check = await compareWithFreshRender();

	/**
	 * Correctness: the frame built incrementally (scrolls, strips, appends, regions, slices) must
	 * equal a from-scratch render of the same view.
	 */
	async function compareWithFreshRender() {
		if (renderer.lastFrame.shows !== 'exact') {
			return { comparable: false, shows: renderer.lastFrame.shows, differing: 0, structural: 0 };
		}
		const fresh = document.createElement('canvas');
		const freshOverlay = document.createElement('canvas');
		let freshQueued: (() => void) | null = null;
		const reference = new BoardRenderer({
			board,
			staticCanvas: fresh,
			overlayCanvas: freshOverlay,
			getOverlay: () => overlay,
			theme: LIGHT_THEME,
			viewport: renderer.viewport,
			requestFrame: (callback) => {
				freshQueued = callback;
				return 1;
			},
			cancelFrame: () => {
				freshQueued = null;
			}
		});
		reference.resize(CSS_W, CSS_H, DPR);
		// Until its first exact frame (later frames would build its overview and show that).
		for (
			let i = 0;
			i < 1000 && freshQueued !== null && reference.lastFrame.shows !== 'exact';
			i++
		) {
			const callback: () => void = freshQueued;
			freshQueued = null;
			callback();
		}
		const a = staticCanvas
			.getContext('2d')
			?.getImageData(0, 0, staticCanvas.width, staticCanvas.height);
		const b = fresh.getContext('2d')?.getImageData(0, 0, fresh.width, fresh.height);
		reference.destroy();
		if (!a || !b || a.data.length !== b.data.length) {
			return { comparable: false, differing: 0, maxDelta: 0 };
		}
		let differing = 0;
		let maxDelta = 0;
		const where = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
		let worst = { x: 0, y: 0 };
		let structural = 0;
		for (let i = 0; i < a.data.length; i += 4) {
			let d = 0;
			for (let c = 0; c < 3; c++) {
				d = Math.max(d, Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)));
			}
			if (d > maxDelta) {
				maxDelta = d;
				worst = { x: (i / 4) % staticCanvas.width, y: Math.floor(i / 4 / staticCanvas.width) };
			}
			if (d === 0) continue;
			differing++;
			if (d > STRUCTURAL_DELTA) structural++;
			const x = (i / 4) % staticCanvas.width;
			const y = Math.floor(i / 4 / staticCanvas.width);
			where.minX = Math.min(where.minX, x);
			where.minY = Math.min(where.minY, y);
			where.maxX = Math.max(where.maxX, x);
			where.maxY = Math.max(where.maxY, y);
		}
		if (differing > 0 && params.get('stress') === '1') {
			// Crops of both images around the difference, and the difference amplified.
			const x = Math.max(0, worst.x - 25);
			const y = Math.max(0, worst.y - 25);
			const w = 50;
			const h = 50;
			const crop = (src: HTMLCanvasElement) => {
				const out = document.createElement('canvas');
				out.width = w * 6;
				out.height = h * 6;
				const c = out.getContext('2d');
				if (c) {
					c.imageSmoothingEnabled = false;
					c.drawImage(src, x, y, w, h, 0, 0, w * 6, h * 6);
				}
				return out;
			};
			const diff = document.createElement('canvas');
			diff.width = w;
			diff.height = h;
			const dctx = diff.getContext('2d');
			if (dctx) {
				const img = dctx.createImageData(w, h);
				for (let j = 0; j < h; j++) {
					for (let i = 0; i < w; i++) {
						const o = ((y + j) * staticCanvas.width + x + i) * 4;
						const q = (j * w + i) * 4;
						const d = Math.abs((a.data[o] ?? 0) - (b.data[o] ?? 0)) * 25;
						img.data[q] = Math.min(255, d);
						img.data[q + 1] = 0;
						img.data[q + 2] = 0;
						img.data[q + 3] = 255;
					}
				}
				dctx.putImageData(img, 0, 0);
			}
			const crops = [crop(staticCanvas), crop(fresh), diff].map((c) => c.toDataURL());
			(window as unknown as { __crops: string[] }).__crops = crops;
		}
		return {
			comparable: true,
			lastPlan: renderer.lastFrame.plan,
			pixels: a.data.length / 4,
			differing,
			maxDelta,
			structural,
			...(differing > 0 ? { where, worst } : {})
		};
	}

	/** Random edits and pans, each settled and compared with a from-scratch render. */
	async function stress() {
		const failures: unknown[] = [];
		const more = sceneStrokes({ count: 4000, points: 40, width: 300, height: 200, seed: 3 });
		let seed = 1;
		const rnd = () => {
			seed = (seed * 16807) % 2147483647;
			return seed / 2147483647;
		};
		const history: string[] = [];
		let compared = 0;
		let skipped = 0;
		const edit = () => {
			const c = centreOf(renderer.viewport);
			const r = rnd();
			if (r < 0.35) {
				const input = more.next().value;
				if (input) board.add({ ...input, x: c.x - 500 + rnd() * 1000, y: c.y - 300 + rnd() * 600 });
				return 'add';
			}
			const near = board
				.elements()
				.filter((el) => Math.abs(el.x - c.x) < 700 && Math.abs(el.y - c.y) < 500);
			const pick = near[Math.floor(rnd() * near.length)];
			if (!pick) return 'none';
			if (r < 0.6) board.moveBy([pick.id], rnd() * 60 - 30, rnd() * 60 - 30);
			else if (r < 0.75) board.remove([pick.id]);
			else if (r < 0.9) board.update(pick.id, { z: Math.floor(rnd() * 20000) });
			else {
				// Hide (as while editing in place) or show again.
				overlay = { ...EMPTY_OVERLAY, hidden: overlay.hidden.length > 0 ? [] : [pick.id] };
				renderer.invalidateOverlay();
				return 'hide';
			}
			return r < 0.6 ? 'move' : r < 0.75 ? 'remove' : 'z';
		};
		for (let round = 0; round < STRESS_ROUNDS; round++) {
			for (let f = 0; f < 1 + Math.floor(rnd() * 6); f++) {
				const what = edit();
				const v = renderer.viewport;
				const r = rnd();
				const next =
					r < 0.1
						? centred(rnd() * AREA.width, rnd() * AREA.height, v.zoom)
						: r < 0.45
							? { ...v, x: v.x + Math.round(rnd() * 40 - 20), y: v.y + Math.round(rnd() * 40 - 20) }
							: r < 0.8
								? centred(
										centreOf(v).x,
										centreOf(v).y,
										Math.min(2, Math.max(0.08, v.zoom * 2 ** (rnd() * 4 - 2)))
									)
								: v;
				frame(next);
				const { painted, ms, plan } = renderer.lastFrame;
				history.push(
					`r${round} ${what} zoom ${next.zoom.toFixed(2)} n=${painted} ${ms.toFixed(1)}ms -> ${plan}`
				);
				await nextFrame();
			}
			for (let i = 0; i < 600 && queued !== null; i++) {
				// Edits also land while sliced work is in progress.
				const what = rnd() < 0.2 ? edit() : '';
				frame(null);
				history.push(`  settle ${what} -> ${renderer.lastFrame.plan}`);
			}
			const check = await compareWithFreshRender();
			if (!check.comparable) skipped++;
			else compared++;
			if ((check.structural ?? 0) > 0) {
				failures.push({ round, ...check, history: history.slice(-16) });
				break;
			}
		}
		const plans: Record<string, number> = {};
		for (const line of history) {
			const plan = line.split('-> ')[1] ?? '';
			plans[plan] = (plans[plan] ?? 0) + 1;
		}
		return { rounds: STRESS_ROUNDS, compared, skippedOverview: skipped, failures, plans };
	}

	const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
	return {
		config: { strokes: COUNT, points: POINTS, dpr: DPR, raster: RASTER, css: [CSS_W, CSS_H] },
		setupMs,
		open,
		phases,
		overall: { draw: summarise(allDraws), interval: summarise(allIntervals) },
		check,
		heapMB: memory ? Math.round(memory.usedJSHeapSize / 1e6) : null
	};
}

declare global {
	interface Window {
		__benchResult?: unknown;
	}
}

run().then(
	(result) => {
		window.__benchResult = result;
		document.title = 'done';
	},
	(error: unknown) => {
		window.__benchResult = { error: String((error as Error)?.stack ?? error) };
		document.title = 'failed';
	}
);
