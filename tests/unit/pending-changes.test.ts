import { describe, expect, it, vi } from 'vitest';
import { PendingChanges } from '../../src/lib/store/pending-changes.ts';

const bytes = (n: number) => new Uint8Array([n]);

describe('PendingChanges', () => {
	it('puts a batch that failed back in front of what came meanwhile', () => {
		const pending = new PendingChanges(() => {});
		pending.add(bytes(1));
		pending.add(bytes(2));
		const batch = pending.take();
		expect(pending.empty).toBe(true);
		pending.add(bytes(3));
		pending.putBack(batch);
		expect(pending.take()).toEqual([bytes(1), bytes(2), bytes(3)]);
		pending.add(bytes(4));
		pending.clear();
		expect(pending.empty).toBe(true);
	});

	it('sends once per scheduled delay, and not at all once cancelled', () => {
		vi.useFakeTimers();
		try {
			const send = vi.fn();
			const pending = new PendingChanges(send);
			pending.schedule(100);
			pending.schedule(10);
			vi.advanceTimersByTime(99);
			expect(send).not.toHaveBeenCalled();
			vi.advanceTimersByTime(1);
			expect(send).toHaveBeenCalledTimes(1);
			pending.schedule(50);
			pending.cancel();
			vi.advanceTimersByTime(100);
			expect(send).toHaveBeenCalledTimes(1);
		} finally {
			vi.useRealTimers();
		}
	});
});
