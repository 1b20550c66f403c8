/**
 * The benchmark's board and renderer: a Y.Doc of generated pen strokes, opened the way the app
 * opens a room (bytes -> Y.Doc -> Board -> first paint, timed), and a BoardRenderer whose frames
 * the benchmark drives itself so it can time all the work of each one.
 */
import * as Y from 'yjs';
import { Board } from '$lib/board/board';
import type { Viewport } from '$lib/geometry/viewport';
import { BoardRenderer } from '$lib/renderer/board-renderer';
import { createTextMeasure } from '$lib/renderer/text-measure';
import { EMPTY_OVERLAY, type OverlayState } from '$lib/tools/overlay-state';
import { LIGHT_THEME } from '$lib/theme/theme';
import { sceneStrokes } from '$lib/probe/strokes';

export const params = new URLSearchParams(location.search);
export const num = (key: string, fallback: number) => Number(params.get(key) ?? fallback);
export const CSS_W = 1280;
export const CSS_H = 800;
/** Where the strokes are: 10 × 10 screens at zoom 1. */
export const AREA = { width: 12_800, height: 8_000 };

export const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

export const centred = (cx: number, cy: number, zoom: number): Viewport => ({
	x: cx - CSS_W / 2 / zoom,
	y: cy - CSS_H / 2 / zoom,
	zoom
});

export const centreOf = (v: Viewport) => ({
	x: v.x + CSS_W / 2 / v.zoom,
	y: v.y + CSS_H / 2 / v.zoom
});

/** A renderer whose animation frames are run by the caller (pump) instead of the browser. */
export function manualRenderer(
	board: Board,
	staticCanvas: HTMLCanvasElement,
	getOverlay: () => OverlayState,
	viewport: Viewport
) {
	let queued: (() => void) | null = null;
	const renderer = new BoardRenderer({
		board,
		staticCanvas,
		overlayCanvas: document.createElement('canvas'),
		getOverlay,
		textMeasure: createTextMeasure(),
		theme: LIGHT_THEME,
		viewport,
		requestFrame: (callback) => {
			queued = callback;
			return 1;
		},
		cancelFrame: () => {
			queued = null;
		}
	});
	return {
		renderer,
		/** Run the frame the renderer asked for, if any. */
		pump(): void {
			const frame = queued;
			queued = null;
			frame?.();
		},
		/** The renderer wants another frame (sliced work in progress). */
		get wantsFrame(): boolean {
			return queued !== null;
		}
	};
}

export type ManualRenderer = ReturnType<typeof manualRenderer>;

export interface Harness extends ManualRenderer {
	board: Board;
	canvas: HTMLCanvasElement;
	dpr: number;
	overlay: OverlayState;
	/** One frame as the app would run it, plus forced rasterisation; returns its duration. */
	frame(viewport: Viewport | null): number;
}

/** Make the canvas finish drawing now (Chrome records 2D calls and rasterises them later). */
export const rasterise = (canvas: HTMLCanvasElement) =>
	canvas.getContext('2d')?.getImageData(0, 0, 1, 1);

export async function openBoard(options: {
	count: number;
	points: number;
	dpr: number;
	raster: boolean;
	canvas: HTMLCanvasElement;
}) {
	const setupStart = performance.now();
	const source = new Y.Doc();
	const sourceBoard = new Board(source);
	sourceBoard.batch(() => {
		const strokes = { count: options.count, points: options.points, ...AREA, seed: 42 };
		for (const input of sceneStrokes(strokes)) sourceBoard.add(input);
	});
	const update = Y.encodeStateAsUpdate(source);
	sourceBoard.destroy();
	source.destroy();
	const setupMs = performance.now() - setupStart;

	// Open: bytes -> Y.Doc -> Board -> first frame on screen.
	const t0 = performance.now();
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	const t1 = performance.now();
	const board = new Board(doc);
	const t2 = performance.now();
	const h = { overlay: EMPTY_OVERLAY } as Harness;
	const manual = manualRenderer(
		board,
		options.canvas,
		() => h.overlay,
		centred(AREA.width / 2, AREA.height / 2, 1)
	);
	manual.renderer.resize(CSS_W, CSS_H, options.dpr); // paints synchronously
	const t3 = performance.now();
	rasterise(options.canvas);
	const t4 = performance.now();
	const painted = manual.renderer.lastFrame.painted;
	await nextFrame();
	const t5 = performance.now();
	Object.assign(h, {
		...manual,
		board,
		canvas: options.canvas,
		dpr: options.dpr,
		frame(viewport: Viewport | null): number {
			const start = performance.now();
			if (viewport !== null) manual.renderer.setViewport(viewport);
			manual.pump();
			if (options.raster) rasterise(options.canvas);
			return performance.now() - start;
		}
	});
	// Getters do not survive the spread above.
	Object.defineProperty(h, 'wantsFrame', { get: () => manual.wantsFrame });
	const open = {
		updateBytes: update.byteLength,
		elements: board.elementCount,
		applyUpdateMs: t1 - t0,
		boardMs: t2 - t1,
		firstPaintMs: t3 - t2,
		rasteriseMs: t4 - t3,
		totalMs: t4 - t0,
		untilNextFrameMs: t5 - t0,
		painted
	};
	return { harness: h, open, setupMs };
}
