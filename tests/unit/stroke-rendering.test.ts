import { describe, expect, it } from 'vitest';
import { boundsOfPoints } from '../../src/lib/geometry/bounds';
import { rectIntersection, rectsIntersect, rectUnion } from '../../src/lib/geometry/rect';
import { boardToScreen, screenToBoard } from '../../src/lib/geometry/viewport';
import {
	hasConstantMousePressure,
	penOutline,
	penStrokeOptions,
	PEN_MAX_RADIUS,
	traceCenterline,
	traceOutline
} from '../../src/lib/renderer/freehand';
import { FrameScheduler } from '../../src/lib/renderer/frame-scheduler';
import type { PathSink } from '../../src/lib/renderer/path-sink';
import { planRedraw, planView, type PendingRedraw } from '../../src/lib/renderer/redraw-plan';
import { snapViewport } from '../../src/lib/renderer/surface';

const rect = (minX: number, minY: number, maxX: number, maxY: number) => ({
	minX,
	minY,
	maxX,
	maxY
});

class RecordingPath implements PathSink {
	calls: string[] = [];
	moveTo(x: number, y: number) {
		this.calls.push(`M ${x} ${y}`);
	}
	lineTo(x: number, y: number) {
		this.calls.push(`L ${x} ${y}`);
	}
	quadraticCurveTo(cx: number, cy: number, x: number, y: number) {
		this.calls.push(`Q ${cx} ${cy} ${x} ${y}`);
	}
	ellipse(x: number, y: number, rx: number, ry: number) {
		this.calls.push(`E ${x} ${y} ${rx} ${ry}`);
	}
	closePath() {
		this.calls.push('Z');
	}
}

describe('geometry', () => {
	it('bounds points including half the line width', () => {
		const points = [
			{ x: 10, y: 20 },
			{ x: -5, y: 40 },
			{ x: 30, y: 0 }
		];
		expect(boundsOfPoints(points, 4)).toEqual(rect(-7, -2, 32, 42));
		expect(boundsOfPoints([])).toBeNull();
	});

	it('unions and intersects rectangles', () => {
		const a = rect(0, 0, 10, 10);
		const b = rect(5, 5, 20, 20);
		expect(rectUnion(a, b)).toEqual(rect(0, 0, 20, 20));
		expect(rectUnion(null, b)).toBe(b);
		expect(rectIntersection(a, b)).toEqual(rect(5, 5, 10, 10));
		expect(rectIntersection(a, rect(11, 0, 12, 1))).toBeNull();
		expect(rectsIntersect(a, rect(10, 10, 11, 11))).toBe(true);
		expect(rectsIntersect(a, rect(10.1, 0, 11, 1))).toBe(false);
	});

	it('converts between screen and board through the viewport', () => {
		const v = { x: 100, y: -50, zoom: 2 };
		const p = { x: 30, y: 40 };
		expect(screenToBoard(v, p)).toEqual({ x: 115, y: -30 });
		expect(boardToScreen(v, screenToBoard(v, p))).toEqual(p);
	});

	it('snaps the viewport to whole device pixels, less than half a pixel away', () => {
		const v = snapViewport({ x: 10.3, y: -4.77, zoom: 1.5 }, 2);
		expect((v.x * 3) % 1).toBeCloseTo(0);
		expect(Math.abs(v.x - 10.3) * 3).toBeLessThanOrEqual(0.5);
		expect(Math.abs(v.y + 4.77) * 3).toBeLessThanOrEqual(0.5);
		expect(v.zoom).toBe(1.5);
	});
});

describe('freehand paths', () => {
	const square = [
		{ x: 0, y: 0 },
		{ x: 10, y: 0 },
		{ x: 10, y: 10 },
		{ x: 0, y: 10 }
	];

	it('smooths a centre line through midpoints and ends on the last point', () => {
		const sink = new RecordingPath();
		traceCenterline(sink, square);
		expect(sink.calls).toEqual(['M 0 0', 'Q 10 0 10 5', 'Q 10 10 5 10', 'L 0 10']);
	});

	it('closes an outline with a curve through every edge midpoint', () => {
		const sink = new RecordingPath();
		traceOutline(
			sink,
			square.map((p) => [p.x, p.y] as const)
		);
		expect(sink.calls).toEqual([
			'M 5 0',
			'Q 10 0 10 5',
			'Q 10 10 5 10',
			'Q 0 10 0 5',
			'Q 0 0 5 0',
			'Z'
		]);
	});

	it('simulates pressure only for mouse input (every point at 0.5, as stored)', () => {
		const mouse = [0.5, 128 / 255, 0.5].map((pressure, i) => ({ x: i, y: 0, pressure }));
		const pen = [0.5, 0.7, 0.5].map((pressure, i) => ({ x: i, y: 0, pressure }));
		expect(hasConstantMousePressure(mouse)).toBe(true);
		expect(hasConstantMousePressure(pen)).toBe(false);
		expect(penStrokeOptions(mouse, 4).simulatePressure).toBe(true);
		expect(penStrokeOptions(pen, 4)).toMatchObject({ size: 4, simulatePressure: false });
	});

	it('keeps a pen outline within PEN_MAX_RADIUS × width of its points', () => {
		const points = Array.from({ length: 50 }, (_, i) => ({
			x: i * 3,
			y: Math.sin(i / 4) * 20,
			pressure: i % 2 ? 1 : 0.1
		}));
		const width = 10;
		const outline = penOutline(points, width);
		expect(outline.length).toBeGreaterThan(points.length);
		const reach = width * PEN_MAX_RADIUS + 1e-6;
		for (const [x, y] of outline) {
			expect(x).toBeGreaterThanOrEqual(0 - reach);
			expect(x).toBeLessThanOrEqual(49 * 3 + reach);
			expect(Math.abs(y)).toBeLessThanOrEqual(20 + reach);
		}
		expect(penOutline([], 4)).toEqual([]);
	});
});

describe('redraw plan', () => {
	const pending = (p: Partial<PendingRedraw>): PendingRedraw => ({
		full: false,
		dirty: null,
		added: [],
		...p
	});
	const box = rect(0, 0, 10, 10);

	it('does nothing without changes and everything when asked', () => {
		expect(planRedraw(pending({}), null)).toEqual({ kind: 'none' });
		expect(planRedraw(pending({ full: true, dirty: box }), null)).toEqual({ kind: 'full' });
	});

	it('appends elements that land on top, in z-order', () => {
		const added = [
			{ id: 'b', z: 5, bounds: box },
			{ id: 'a', z: 5, bounds: box },
			{ id: 'c', z: 4, bounds: box }
		];
		expect(planRedraw(pending({ added }), { id: 'x', z: 3 })).toEqual({
			kind: 'append',
			ids: ['c', 'a', 'b']
		});
	});

	it('repaints the region of an element that lands below others', () => {
		const added = [{ id: 'a', z: 2, bounds: rect(5, 5, 8, 8) }];
		expect(planRedraw(pending({ added }), { id: 'x', z: 3 })).toEqual({
			kind: 'region',
			rect: rect(5, 5, 8, 8)
		});
	});

	it('repaints instead of appending right after a scroll (no double painting)', () => {
		const added = [{ id: 'a', z: 9, bounds: rect(5, 5, 8, 8) }];
		expect(planRedraw(pending({ added }), { id: 'x', z: 3 }, false)).toEqual({
			kind: 'region',
			rect: rect(5, 5, 8, 8)
		});
	});

	it('merges removals and additions into one region', () => {
		const added = [{ id: 'a', z: 9, bounds: rect(20, 20, 30, 30) }];
		expect(planRedraw(pending({ dirty: box, added }), { id: 'x', z: 3 })).toEqual({
			kind: 'region',
			rect: rect(0, 0, 30, 30)
		});
	});
});

describe('view plan', () => {
	const view = (x: number, y: number, zoom = 1, dpr = 1) => ({
		viewport: { x, y, zoom },
		dpr,
		width: 100,
		height: 80
	});

	it('repaints everything first, on zoom, on resize and on a new pixel ratio', () => {
		expect(planView(null, view(0, 0))).toEqual({ kind: 'full' });
		expect(planView(view(0, 0), view(0, 0, 2))).toEqual({ kind: 'full' });
		expect(planView(view(0, 0), { ...view(0, 0), width: 50 })).toEqual({ kind: 'full' });
		expect(planView(view(0, 0), view(0, 0, 1, 2))).toEqual({ kind: 'full' });
	});

	it('keeps the pixels of a pan and lists the two uncovered strips, disjoint', () => {
		// Viewport moves right and up by (10, 5) board px at zoom 2: content shifts (-20, +10).
		const plan = planView(view(0, 0, 2), view(10, -5, 2));
		expect(plan).toEqual({
			kind: 'scroll',
			dx: -20,
			dy: 10,
			strips: [
				{ x: 80, y: 0, w: 20, h: 80 },
				{ x: 0, y: 0, w: 80, h: 10 }
			]
		});
		expect(planView(view(3, 4), view(3, 4))).toEqual({ kind: 'same' });
	});

	it('repaints everything when the pan is off the pixel grid or larger than the canvas', () => {
		expect(planView(view(0, 0), view(0.25, 0))).toEqual({ kind: 'full' });
		expect(planView(view(0, 0), view(100, 0))).toEqual({ kind: 'full' });
	});
});

describe('FrameScheduler', () => {
	it('coalesces requests into one callback per frame', () => {
		const queued: Array<() => void> = [];
		let frames = 0;
		const scheduler = new FrameScheduler(
			() => frames++,
			(cb) => queued.push(cb),
			() => queued.splice(0)
		);
		scheduler.request();
		scheduler.request();
		expect(queued).toHaveLength(1);
		queued.shift()?.();
		expect(frames).toBe(1);
		scheduler.request();
		scheduler.cancel();
		expect(scheduler.pending).toBe(false);
	});
});
