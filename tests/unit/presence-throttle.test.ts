import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../src/lib/presence/presence-throttle.ts';

beforeEach(() => {
	vi.useFakeTimers();
});

afterEach(() => {
	vi.useRealTimers();
});

describe('Throttle', () => {
	it('runs the first request at once and folds the rest of the interval into one run', () => {
		let value = 0;
		const seen: number[] = [];
		const throttle = new Throttle(() => seen.push(value), 33);
		value = 1;
		throttle.request();
		expect(seen).toEqual([1]);
		for (value = 2; value <= 10; value++) throttle.request();
		value = 10;
		expect(seen).toEqual([1]);
		vi.advanceTimersByTime(33);
		expect(seen).toEqual([1, 10]); // the latest value, once
		vi.advanceTimersByTime(100);
		expect(seen).toEqual([1, 10]);
	});

	it('runs at most ~30 times a second under a flood of requests, the last one included', () => {
		let runs = 0;
		const throttle = new Throttle(() => runs++, 33);
		for (let ms = 0; ms < 1000; ms++) {
			throttle.request();
			vi.advanceTimersByTime(1);
		}
		expect(runs).toBeLessThanOrEqual(31);
		expect(runs).toBeGreaterThanOrEqual(29);
		expect(throttle.pending).toBe(true);
		vi.advanceTimersByTime(33);
		expect(throttle.pending).toBe(false);
	});

	it('with a burst of two, lets a second run follow at once after a quiet moment, ~30 a second in a flood', () => {
		let runs = 0;
		const throttle = new Throttle(() => runs++, 33, undefined, { burst: 2 });
		throttle.request();
		vi.advanceTimersByTime(17);
		throttle.request(); // one frame later: the burst allows it
		expect(runs).toBe(2);
		throttle.request(); // a third is held back
		expect(runs).toBe(2);
		expect(throttle.pending).toBe(true);
		vi.advanceTimersByTime(1000);
		runs = 0;
		for (let ms = 0; ms < 1000; ms++) {
			throttle.request();
			vi.advanceTimersByTime(1);
		}
		expect(runs).toBeLessThanOrEqual(33);
		expect(runs).toBeGreaterThanOrEqual(29);
	});

	it('flushes a pending run now, or cancels it', () => {
		let runs = 0;
		const throttle = new Throttle(() => runs++, 33);
		throttle.request();
		throttle.request();
		throttle.flush();
		expect(runs).toBe(2);
		vi.advanceTimersByTime(5);
		throttle.request();
		throttle.cancel();
		vi.advanceTimersByTime(100);
		expect(runs).toBe(2);
	});
});
