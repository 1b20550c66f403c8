import { describe, expect, it } from 'vitest';
import { boundsOfPoints } from '../../src/lib/geometry/bounds';
import { rectIntersection, rectsIntersect, rectUnion } from '../../src/lib/geometry/rect';
import { boardToScreen, screenToBoard } from '../../src/lib/geometry/viewport';
import { FrameScheduler } from '../../src/lib/renderer/frame-scheduler';
import { planRedraw, type PendingRedraw } from '../../src/lib/renderer/redraw-plan';
import { traceStroke, type PathSink } from '../../src/lib/renderer/stroke-path';
import { lineWidthFor } from '../../src/lib/renderer/stroke-style';

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
	arc(x: number, y: number, r: number) {
		this.calls.push(`A ${x} ${y} ${r}`);
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
});

describe('stroke path', () => {
	it('smooths through midpoints and ends on the last point', () => {
		const sink = new RecordingPath();
		const mode = traceStroke(
			sink,
			[
				{ x: 0, y: 0 },
				{ x: 10, y: 0 },
				{ x: 10, y: 10 },
				{ x: 0, y: 10 }
			],
			2
		);
		expect(mode).toBe('stroke');
		expect(sink.calls).toEqual(['M 0 0', 'Q 10 0 10 5', 'Q 10 10 5 10', 'L 0 10']);
	});

	it('draws a single point as a filled dot of the line width', () => {
		const sink = new RecordingPath();
		expect(traceStroke(sink, [{ x: 5, y: 6 }], 8)).toBe('fill');
		expect(sink.calls).toEqual(['M 9 6', 'A 5 6 4']);
	});

	it('scales the width by average pressure, mouse pressure keeping it unchanged', () => {
		expect(lineWidthFor(4, [{ x: 0, y: 0, pressure: 0.5 }])).toBe(4);
		expect(lineWidthFor(4, [{ x: 0, y: 0, pressure: 1 }])).toBe(6);
		expect(lineWidthFor(4, [{ x: 0, y: 0, pressure: 0 }])).toBe(2);
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

	it('appends strokes that land on top, in z-order', () => {
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

	it('repaints the region of a stroke that lands below others', () => {
		const added = [{ id: 'a', z: 2, bounds: rect(5, 5, 8, 8) }];
		expect(planRedraw(pending({ added }), { id: 'x', z: 3 })).toEqual({
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
