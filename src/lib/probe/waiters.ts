/**
 * Promises on the probe's readings: each resolves once its reading is not null, checked at once
 * and again whenever the probe wakes the waiters (an element arrived, a frame painted, a link came
 * up), and rejects after its timeout.
 */
export class Waiters {
	readonly #checks = new Set<() => boolean>();

	waitFor<T>(read: () => T | null, timeoutMs: number): Promise<T> {
		return new Promise((resolve, reject) => {
			const check = (): boolean => {
				const value = read();
				if (value === null) return false;
				cleanup();
				resolve(value);
				return true;
			};
			const timer = setTimeout(() => {
				cleanup();
				reject(new Error(`probe: not reached within ${timeoutMs} ms`));
			}, timeoutMs);
			const cleanup = (): void => {
				clearTimeout(timer);
				this.#checks.delete(check);
			};
			if (!check()) this.#checks.add(check);
		});
	}

	/** Checks every waiting reading again. */
	wake(): void {
		for (const check of [...this.#checks]) check();
	}

	/** Forgets every waiting reading (they then never settle). */
	clear(): void {
		this.#checks.clear();
	}
}
