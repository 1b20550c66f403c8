/**
 * Waiting that an AbortSignal ends. On setTimeout rather than AbortSignal.timeout(): these timers
 * are cleared when the wait ends (a stopped service leaves nothing scheduled), and fake timers
 * drive them in tests.
 */

/** A signal that aborts after `ms` with a TimeoutError, as AbortSignal.timeout() would. */
export interface TimeoutSignal {
	readonly signal: AbortSignal;
	/** Cancels the timer; call once the operation it bounds has ended. */
	clear(): void;
}

export function timeoutSignal(ms: number): TimeoutSignal {
	const controller = new AbortController();
	const timer = setTimeout(() => {
		controller.abort(new DOMException('signal timed out', 'TimeoutError'));
	}, ms);
	return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** Resolves after `ms`, or as soon as `signal` aborts; never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
	if (signal.aborted) return Promise.resolve();
	return new Promise((resolve) => {
		const done = (): void => {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal.addEventListener('abort', done, { once: true });
	});
}
