import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterStartup, holdStartup } from '../../src/lib/startup.ts';

describe('startup holds', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('runs deferred work at once when nothing holds the startup', () => {
		const run = vi.fn();
		afterStartup(run);
		expect(run).toHaveBeenCalledOnce();
	});

	it('runs deferred work once every hold is released, exactly once', () => {
		const first = holdStartup(60_000);
		const second = holdStartup(60_000);
		const run = vi.fn();
		afterStartup(run);
		first();
		first();
		expect(run).not.toHaveBeenCalled();
		second();
		expect(run).toHaveBeenCalledOnce();
		second();
		expect(run).toHaveBeenCalledOnce();
	});

	it('releases a hold by itself after its time limit', () => {
		vi.useFakeTimers();
		holdStartup(3_000);
		const run = vi.fn();
		afterStartup(run);
		vi.advanceTimersByTime(2_999);
		expect(run).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(run).toHaveBeenCalledOnce();
	});

	it('does not run work that was cancelled', () => {
		const release = holdStartup(60_000);
		const run = vi.fn();
		const cancel = afterStartup(run);
		cancel();
		release();
		expect(run).not.toHaveBeenCalled();
	});
});
