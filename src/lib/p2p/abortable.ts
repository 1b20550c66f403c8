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

/** A TimeoutSignal that counts from the last sign of progress (`touch`), up to a hard limit. */
export interface IdleTimeoutSignal extends TimeoutSignal {
	/** Progress: the idle wait starts again (the hard limit does not). */
	touch(): void;
}

/**
 * Aborts once nothing called `touch()` for `idleMs`, or `maxMs` after it was made, whichever
 * comes first; the reason says which, in seconds.
 */
export function idleTimeoutSignal(idleMs: number, maxMs: number): IdleTimeoutSignal {
	const controller = new AbortController();
	const abort = (message: string) => () =>
		controller.abort(new DOMException(message, 'TimeoutError'));
	const onIdle = abort(`no progress in ${idleMs / 1000} s`);
	let idle = setTimeout(onIdle, idleMs);
	const max = setTimeout(abort(`not done in ${maxMs / 1000} s`), maxMs);
	return {
		signal: controller.signal,
		touch: () => {
			if (controller.signal.aborted) return;
			clearTimeout(idle);
			idle = setTimeout(onIdle, idleMs);
		},
		clear: () => {
			clearTimeout(idle);
			clearTimeout(max);
		}
	};
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
