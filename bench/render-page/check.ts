/**
 * Correctness checks: the frame the renderer built incrementally (scrolls, strips, appends,
 * regions, slices) against a from-scratch render of the same board and view.
 */
import { EMPTY_OVERLAY } from '$lib/tools/overlay-state';
import { Scene } from '$lib/renderer/scene';
import { createTextMeasure } from '$lib/renderer/text-measure';
import { createInkMap } from '$lib/theme/ink';
import { LIGHT_THEME } from '$lib/theme/theme';
import { AREA, centred, centreOf, nextFrame, type Harness } from './harness';
import { sceneStrokes } from '$lib/probe/strokes';

/**
 * Skia antialiases a path drawn under a clip slightly differently from the same path drawn
 * without one (measured: up to 55 levels on edge pixels). Strips and regions are painted
 * clipped, so those differences are expected; a wrong or missing element differs by more.
 */
const STRUCTURAL_DELTA = 96;

declare global {
	interface Window {
		/** Crops around the worst pixel of a failed comparison (renderer, reference). */
		__crops?: string[];
	}
}

export interface Comparison {
	comparable: boolean;
	shows?: string;
	differing: number;
	maxDelta: number;
	/** Pixels off by more than antialiasing explains: must be 0. */
	structural: number;
	worst?: { x: number; y: number };
}

export async function compareWithFreshRender(h: Harness): Promise<Comparison> {
	const shows = h.renderer.lastFrame.shows;
	// Overview and preview frames are approximations by design.
	if (shows !== 'exact') {
		return { comparable: false, shows, differing: 0, maxDelta: 0, structural: 0 };
	}
	// The reference: every element in the view painted in one go, no reuse, no overview.
	const fresh = document.createElement('canvas');
	fresh.width = h.canvas.width;
	fresh.height = h.canvas.height;
	const ctx = fresh.getContext('2d', { alpha: false });
	const scene = new Scene(h.board, createTextMeasure(), {
		background: LIGHT_THEME.background,
		ink: createInkMap(LIGHT_THEME)
	});
	scene.ensureIndexed();
	scene.setHidden(h.overlay.hidden);
	const v = h.renderer.viewport;
	if (ctx) {
		scene.paintBoxes(ctx, { x: v.x, y: v.y, scale: v.zoom * h.dpr }, [
			{ x: 0, y: 0, w: fresh.width, h: fresh.height }
		]);
	}
	const read = (c: HTMLCanvasElement) => c.getContext('2d')?.getImageData(0, 0, c.width, c.height);
	const a = read(h.canvas);
	const b = read(fresh);
	const result: Comparison = { comparable: true, differing: 0, maxDelta: 0, structural: 0 };
	if (!a || !b || a.data.length !== b.data.length) return { ...result, comparable: false };
	for (let i = 0; i < a.data.length; i += 4) {
		let d = 0;
		for (let c = 0; c < 3; c++) {
			d = Math.max(d, Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)));
		}
		if (d === 0) continue;
		result.differing++;
		if (d > STRUCTURAL_DELTA) result.structural++;
		if (d > result.maxDelta) {
			result.maxDelta = d;
			result.worst = { x: (i / 4) % h.canvas.width, y: Math.floor(i / 4 / h.canvas.width) };
		}
	}
	if (result.structural > 0) {
		const crop = (src: HTMLCanvasElement) => {
			const out = document.createElement('canvas');
			out.width = 400;
			out.height = 400;
			const c = out.getContext('2d');
			const w = result.worst ?? { x: 0, y: 0 };
			if (c) {
				c.imageSmoothingEnabled = false;
				c.drawImage(src, Math.max(0, w.x - 50), Math.max(0, w.y - 50), 100, 100, 0, 0, 400, 400);
			}
			return out.toDataURL();
		};
		window.__crops = [crop(h.canvas), crop(fresh)];
	}
	return result;
}

/** Random edits, pans and zooms; after each round the view settles and is compared. */
export async function stress(h: Harness, rounds: number) {
	const failures: unknown[] = [];
	const more = sceneStrokes({ count: 4000, points: 40, width: 300, height: 200, seed: 3 });
	let seed = 1;
	const rnd = () => {
		seed = (seed * 16807) % 2147483647;
		return seed / 2147483647;
	};
	const history: string[] = [];
	let compared = 0;
	const edit = (): string => {
		const c = centreOf(h.renderer.viewport);
		const r = rnd();
		if (r < 0.35) {
			const input = more.next().value;
			if (input) h.board.add({ ...input, x: c.x - 500 + rnd() * 1000, y: c.y - 300 + rnd() * 600 });
			return 'add';
		}
		const near = h.board
			.elements()
			.filter((el) => Math.abs(el.x - c.x) < 700 && Math.abs(el.y - c.y) < 500);
		const pick = near[Math.floor(rnd() * near.length)];
		if (!pick) return 'none';
		if (r < 0.6) h.board.moveBy([pick.id], rnd() * 60 - 30, rnd() * 60 - 30);
		else if (r < 0.75) h.board.remove([pick.id]);
		else if (r < 0.9) h.board.update(pick.id, { z: Math.floor(rnd() * 20000) });
		else {
			// Hide (as while editing text in place) or show again.
			h.overlay = { ...EMPTY_OVERLAY, hidden: h.overlay.hidden.length > 0 ? [] : [pick.id] };
			h.renderer.invalidateOverlay();
			return 'hide';
		}
		return r < 0.6 ? 'move' : r < 0.75 ? 'remove' : 'z';
	};
	const nextView = () => {
		const v = h.renderer.viewport;
		const r = rnd();
		if (r < 0.1) return centred(rnd() * AREA.width, rnd() * AREA.height, v.zoom);
		if (r < 0.45) {
			return { ...v, x: v.x + Math.round(rnd() * 40 - 20), y: v.y + Math.round(rnd() * 40 - 20) };
		}
		if (r < 0.8) {
			const c = centreOf(v);
			return centred(c.x, c.y, Math.min(2, Math.max(0.08, v.zoom * 2 ** (rnd() * 4 - 2))));
		}
		return v;
	};
	for (let round = 0; round < rounds; round++) {
		const frames = 1 + Math.floor(rnd() * 6);
		for (let f = 0; f < frames; f++) {
			const what = edit();
			h.frame(nextView());
			history.push(`${what} -> ${h.renderer.lastFrame.plan} [${h.renderer.lastFrame.shows}]`);
			await nextFrame();
		}
		for (let i = 0; i < 600 && h.wantsFrame; i++) {
			// Edits also land while sliced work is in progress.
			const what = rnd() < 0.2 ? edit() : 'settle';
			h.frame(null);
			history.push(`${what} -> ${h.renderer.lastFrame.plan} [${h.renderer.lastFrame.shows}]`);
		}
		const check = await compareWithFreshRender(h);
		if (check.comparable) compared++;
		if (check.structural > 0) {
			failures.push({ round, ...check, history: history.slice(-40) });
			break;
		}
	}
	const plans: Record<string, number> = {};
	for (const line of history) {
		const plan = (line.split('-> ')[1] ?? '').replace(/ \[.*\]$/, '');
		plans[plan] = (plans[plan] ?? 0) + 1;
	}
	return { rounds, compared, failures, plans };
}
