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
 * Runs `run` at most once per `intervalMs`. A request when the interval has passed runs at once;
 * requests within it are coalesced into one run at its end. `run` reads the latest state itself,
 * so the last change always goes out, however many requests were folded into it.
 */
export class Throttle {
	readonly #run: () => void;
	readonly #intervalMs: number;
	readonly #timers: ThrottleTimers;
	#lastRun = -Infinity;
	#pending = false;
	#handle: unknown;

	constructor(run: () => void, intervalMs: number, timers: ThrottleTimers = systemTimers) {
		this.#run = run;
		this.#intervalMs = intervalMs;
		this.#timers = timers;
	}

	get pending(): boolean {
		return this.#pending;
	}

	request(): void {
		if (this.#pending) return;
		const wait = this.#lastRun + this.#intervalMs - this.#timers.now();
		if (wait <= 0) {
			this.#fire();
			return;
		}
		this.#pending = true;
		this.#handle = this.#timers.setTimeout(() => {
			this.#pending = false;
			this.#fire();
		}, wait);
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

	#fire(): void {
		this.#lastRun = this.#timers.now();
		this.#run();
	}
}
