import { describe, expect, it } from 'vitest';
import { FrameShare } from '../../src/lib/presence/frame-share';
import { Throttle, type ThrottleTimers } from '../../src/lib/presence/presence-throttle';

const FRAME_MS = 1000 / 60;

/** A 60 Hz display: input arrives at the start of each frame, then the frame callbacks run. */
function display() {
	let now = 0;
	const callbacks = new Map<number, () => void>();
	let next = 1;
	const timers = new Map<number, { at: number; run: () => void }>();
	const clock: ThrottleTimers = {
		now: () => now,
		setTimeout: (run, ms) => {
			const id = next++;
			timers.set(id, { at: now + ms, run });
			return id;
		},
		clearTimeout: (id) => void timers.delete(id as number)
	};
	/** Runs timers due until `to`, in order. */
	const advance = (to: number) => {
		for (;;) {
			const due = [...timers.entries()]
				.filter(([, t]) => t.at <= to)
				.sort((x, y) => x[1].at - y[1].at);
			const first = due[0];
			if (first === undefined) break;
			timers.delete(first[0]);
			now = first[1].at;
			first[1].run();
		}
		now = to;
	};
	return {
		clock,
		requestFrame: (callback: () => void) => {
			const id = next++;
			callbacks.set(id, callback);
			return id;
		},
		cancelFrame: (id: number) => void callbacks.delete(id),
		/** One frame: timers up to its start, the input, then the frame callbacks. */
		frame(index: number, input: () => void) {
			advance(index * FRAME_MS);
			input();
			const run = [...callbacks.values()];
			callbacks.clear();
			for (const callback of run) callback();
		},
		advance
	};
}

/** How long each frame's input waits until a share carries it, with one input per frame. */
function waits(share: 'frames' | 'throttle'): number[] {
	const d = display();
	let latest = -1;
	const carried: number[] = [];
	const sent = () => carried.push(latest);
	const sharedAt: number[] = [];
	const record = () => {
		sent();
		sharedAt.push(d.clock.now());
	};
	const frames = new FrameShare({
		share: record,
		intervalMs: 33,
		timers: d.clock,
		requestFrame: d.requestFrame,
		cancelFrame: d.cancelFrame
	});
	const throttle = new Throttle(record, 33, d.clock);
	for (let i = 0; i < 60; i++) {
		d.frame(i, () => {
			latest = i;
			if (share === 'frames') frames.request();
			else throttle.request();
		});
	}
	// Two more frames without input, then every timer: the last input goes out too.
	d.frame(60, () => {});
	d.frame(61, () => {});
	d.advance(70 * FRAME_MS);
	// Input i is carried by the first share whose `latest` is >= i.
	return Array.from({ length: 60 }, (_, i) => {
		const k = carried.findIndex((c) => c >= i);
		return sharedAt[k]! - i * FRAME_MS;
	});
}

describe('FrameShare', () => {
	it('shares every second frame at 60 Hz, so no input waits more than one frame', () => {
		const w = waits('frames');
		expect(Math.max(...w)).toBeLessThanOrEqual(FRAME_MS + 1e-6);
		expect(w.filter((x) => x === 0).length).toBeGreaterThanOrEqual(29);
		// The same at ~30 shares a second as the plain throttle, which makes input wait up to 2 frames.
		const t = waits('throttle');
		expect(Math.max(...t)).toBeGreaterThan(1.9 * FRAME_MS);
	});

	it('keeps in step with input every second frame after a share of held-back changes', () => {
		const d = display();
		let latest = -1;
		const carried: number[] = [];
		const sharedAt: number[] = [];
		const frames = new FrameShare({
			share: () => {
				carried.push(latest);
				sharedAt.push(d.clock.now());
			},
			intervalMs: 33,
			timers: d.clock,
			requestFrame: d.requestFrame,
			cancelFrame: d.cancelFrame
		});
		const input = (i: number) => () => {
			latest = i;
			frames.request();
		};
		// A press, and a change one frame later (too soon: it goes out on frame 2 with nothing
		// newer), then a move on every second frame (30 Hz input, as on a busy page).
		d.frame(0, input(0));
		d.frame(1, input(1));
		const moves: number[] = [];
		for (let i = 2; i < 40; i++) {
			const move = i % 2 === 1;
			if (move) moves.push(i);
			d.frame(i, move ? input(i) : () => {});
		}
		// Each move goes out on its own frame: none waits for the frame after.
		for (const i of moves) {
			const k = carried.findIndex((c) => c >= i);
			expect(sharedAt[k]! - i * FRAME_MS).toBe(0);
		}
		// And still no more than ~30 shares a second (one extra, once).
		expect(sharedAt.length).toBeLessThanOrEqual(Math.ceil(40 / 2) + 1);
	});

	it('shares a change after a pause on the next frame, and at once without frames', () => {
		const d = display();
		let shares = 0;
		const frames = new FrameShare({
			share: () => shares++,
			intervalMs: 33,
			timers: d.clock,
			requestFrame: d.requestFrame,
			cancelFrame: d.cancelFrame
		});
		d.frame(0, () => frames.request());
		expect(shares).toBe(1);
		d.frame(10, () => frames.request());
		expect(shares).toBe(2);
		d.frame(11, () => frames.request());
		expect(shares).toBe(2);
		expect(frames.pending).toBe(true);
		frames.cancel();
		d.frame(12, () => {});
		expect(shares).toBe(2);
		frames.now();
		expect(shares).toBe(3);

		let direct = 0;
		const noFrames = new FrameShare({ share: () => direct++, intervalMs: 33, timers: d.clock });
		noFrames.request();
		noFrames.request();
		expect(direct).toBe(2);
	});
});
