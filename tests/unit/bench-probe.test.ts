import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board';
import type { ElementInput } from '../../src/lib/board/elements';
import { EarlyRecord } from '../../src/lib/app/early-record';
import { BoardProbe } from '../../src/lib/probe/probe';

const REMOTE = Symbol('remote');

/** The smallest stroke: one point. */
const DOT: ElementInput = {
	type: 'pen',
	x: 0,
	y: 0,
	color: '#000000',
	width: 2,
	points: [{ x: 0, y: 0, pressure: 0.5 }]
};

/** Two boards kept in sync as the network would, each with its probe. */
function pair() {
	const a = new Board(new Y.Doc());
	const b = new Board(new Y.Doc());
	a.doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== REMOTE) Y.applyUpdate(b.doc, update, REMOTE);
	});
	const probeA = new BoardProbe(a.doc, a);
	const probeB = new BoardProbe(b.doc, b);
	return { a, b, probeA, probeB };
}

const probes: BoardProbe[] = [];
afterEach(() => probes.splice(0).forEach((p) => p.destroy()));

describe('BoardProbe', () => {
	it('times each stroke from its commit in one page to its arrival in the other', async () => {
		const { probeA, probeB } = pair();
		probes.push(probeA, probeB);
		const drawn = await probeA.drawStrokes({ count: 3, points: 20, intervalMs: 1, seed: 1 });
		expect(drawn).toHaveLength(3);
		const arrivals = probeB.arrivals(drawn.map((s) => s.id));
		arrivals.forEach((at, i) => {
			expect(at).not.toBeNull();
			expect(at!).toBeGreaterThanOrEqual(drawn[i]!.at);
		});
		// Own strokes are not arrivals.
		expect(probeA.arrivals(drawn.map((s) => s.id))).toEqual([null, null, null]);
		expect(probeB.countReachedAt(3)).toBe(arrivals[2]);
		expect(probeB.countReachedAt(4)).toBeNull();
	});

	it('times an arrival when the document has it, before any listener of the page works on it', async () => {
		const a = new Board(new Y.Doc());
		const b = new Board(new Y.Doc());
		// A listener that runs before the probe's and takes a while (a renderer, say).
		let listenerStart = 0;
		b.onChange(() => {
			listenerStart = performance.timeOrigin + performance.now();
			const until = performance.now() + 20;
			while (performance.now() < until);
		});
		const probeB = new BoardProbe(b.doc, b);
		probes.push(probeB);
		const id = a.add(DOT);
		Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc), REMOTE);
		const [arrived] = probeB.arrivals([id]);
		expect(arrived).not.toBeNull();
		expect(arrived!).toBeLessThanOrEqual(listenerStart);
		expect(probeB.countReachedAt(1)).toBe(arrived);
	});

	it("reports the page's whiteboard marks and its own moments, the first of each", () => {
		const board = new Board(new Y.Doc());
		const probe = new BoardProbe(board.doc, board);
		probes.push(probe);
		performance.mark('whiteboard:probe-test-step');
		performance.mark('whiteboard:probe-test-step');
		performance.mark('unrelated-probe-test');
		probe.mark('probe-test-own', 5);
		probe.mark('probe-test-own', 9);
		const marks = probe.marks();
		const [first] = performance.getEntriesByName('whiteboard:probe-test-step');
		expect(marks['probe-test-step']).toBe(performance.timeOrigin + first!.startTime);
		expect(marks['probe-test-own']).toBe(5);
		expect(Object.keys(marks)).not.toContain('unrelated-probe-test');
	});

	it('counts the bytes of its own updates only, from a reset on, and not loaded boards', async () => {
		const { probeA, probeB } = pair();
		probes.push(probeA, probeB);
		await probeA.drawStrokes({ count: 1, points: 20, intervalMs: 0, seed: 4 });
		expect(probeA.localUpdateBytes()).toEqual([]);
		probeA.resetLocalUpdates();
		probeB.resetLocalUpdates();
		const bytes = probeA.loadStrokes({ count: 50, points: 30, seed: 2 });
		expect(bytes).toBeGreaterThan(50 * 30);
		expect(probeA.elementCount).toBe(51);
		expect(probeA.localUpdateBytes()).toEqual([]);
		await probeA.drawStrokes({ count: 2, points: 200, intervalMs: 0, seed: 3 });
		const sizes = probeA.localUpdateBytes();
		expect(sizes).toHaveLength(2);
		for (const size of sizes) expect(size).toBeGreaterThan(600);
		expect(probeB.localUpdateBytes()).toEqual([]);
		probeA.resetLocalUpdates();
		expect(probeA.localUpdateBytes()).toEqual([]);
	});

	it('keeps what was painted before it loaded (a board read as the page booted)', async () => {
		const board = new Board(new Y.Doc());
		const early = new EarlyRecord(board);
		board.add(DOT);
		early.framePainted(false);
		early.framePainted(true);
		const probe = new BoardProbe(board.doc, board, early);
		const [, complete] = early.frames;
		expect(await probe.waitForPaintedCount(1, 100)).toBe(complete?.at);
		expect(await probe.waitForCount(1, 100)).toBe(early.growth[0]?.[0]);
		// It stopped recording: later changes reach the probe alone.
		board.add(DOT);
		expect(early.growth).toHaveLength(1);
	});

	it('finds the first complete frame after each arrival', () => {
		const { a, probeA } = pair();
		probes.push(probeA);
		probeA.framePainted(true);
		const before = probeA.now();
		a.add(DOT);
		expect(probeA.paintedAfter([before])).toEqual([null]);
		probeA.framePainted(false);
		expect(probeA.paintedCountAt(1)).toBeNull();
		probeA.framePainted(true);
		const painted = probeA.paintedAfter([before, null]);
		expect(painted[0]).toBeGreaterThanOrEqual(before);
		expect(painted[1]).toBeNull();
		expect(probeA.paintedCountAt(1)).toBe(painted[0]);
	});

	it('waits for a count and gives up after its timeout', async () => {
		const { a, probeA } = pair();
		probes.push(probeA);
		const reached = probeA.waitForCount(1, 1_000);
		a.add(DOT);
		expect(await reached).toBe(probeA.countReachedAt(1));
		await expect(probeA.waitForCount(5, 20)).rejects.toThrow(/not reached within 20 ms/);
		await expect(probeA.waitLinked(20)).rejects.toThrow();
		probeA.markLinked(1234);
		probeA.markLinked(5678);
		expect(await probeA.waitLinked(20)).toBe(1234);
	});

	it('gives identical documents the same digest, and different ones different digests', async () => {
		const { probeA, probeB } = pair();
		probes.push(probeA, probeB);
		await probeA.drawStrokes({ count: 2, points: 10, intervalMs: 0, seed: 4 });
		expect(probeB.digest()).toBe(probeA.digest());
		probeB.loadStrokes({ count: 1, points: 10, seed: 5 });
		expect(probeB.digest()).not.toBe(probeA.digest());
	});
});
