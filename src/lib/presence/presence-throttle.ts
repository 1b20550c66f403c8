/** The clock and timer a Throttle uses; injectable so tests can drive time. */
export interface ThrottleTimers {
	now(): number;
	setTimeout(run: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

// Looked up at call time, so fake timers installed by a test after import still apply.
export const systemTimers: ThrottleTimers = {
	now: () => Date.now(),
	setTimeout: (run, ms) => setTimeout(run, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/**
 * Runs `run` at most once per `intervalMs` on average. A request when a run is due runs at once;
 * requests before then are coalesced into one run when it is. `run` reads the latest state itself,
 * so the last change always goes out, however many requests were folded into it. `burst` runs
 * may follow each other at once after a quiet moment (a token bucket of that size; 1: never).
 */
export class Throttle {
	readonly #run: () => void;
	readonly #intervalMs: number;
	readonly #timers: ThrottleTimers;
	readonly #burst: number;
	/** Runs that may start now (up to `burst`), as of #creditAt. */
	#credit: number;
	#creditAt = 0;
	#pending = false;
	#handle: unknown;

	constructor(
		run: () => void,
		intervalMs: number,
		timers: ThrottleTimers = systemTimers,
		{ burst = 1 }: { burst?: number } = {}
	) {
		this.#run = run;
		this.#intervalMs = intervalMs;
		this.#timers = timers;
		this.#burst = burst;
		this.#credit = burst;
	}

	get pending(): boolean {
		return this.#pending;
	}

	request(): void {
		if (this.#pending) return;
		const credit = this.#creditNow();
		if (credit >= 1) {
			this.#fire();
			return;
		}
		this.#pending = true;
		this.#handle = this.#timers.setTimeout(
			() => {
				this.#pending = false;
				this.#fire();
			},
			(1 - credit) * this.#intervalMs
		);
	}

	/** Runs a pending request now (e.g. before leaving). */
	flush(): void {
		if (!this.#pending) return;
		this.cancel();
		this.#fire();
	}

	cancel(): void {
		if (!this.#pending) return;
		this.#timers.clearTimeout(this.#handle);
		this.#pending = false;
	}

	#creditNow(): number {
		const now = this.#timers.now();
		const earned = (now - this.#creditAt) / this.#intervalMs;
		this.#credit = Math.min(this.#burst, this.#credit + earned);
		this.#creditAt = now;
		return this.#credit;
	}

	#fire(): void {
		// A timer may fire a hair early, and flush() runs whatever the credit: never below -1.
		this.#credit = Math.max(-1, this.#creditNow() - 1);
		this.#run();
	}
}
