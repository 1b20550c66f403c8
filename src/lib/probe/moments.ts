/**
 * The named moments of a page's life, for join breakdowns: the probe's own (the first time each
 * happened) and the page's user-timing marks named `whiteboard:<step>`, as epoch milliseconds.
 */
export class Moments {
	readonly #own = new Map<string, number>();

	/** Records the first time `name` happened (later calls for the same name are ignored). */
	mark(name: string, at: number): void {
		if (!this.#own.has(name)) this.#own.set(name, at);
	}

	/** Every moment so far; the probe's own win over page marks of the same name. */
	all(): Record<string, number> {
		const page = new Map<string, number>();
		for (const mark of performance.getEntriesByType('mark')) {
			const name = mark.name.slice('whiteboard:'.length);
			// The first time a step happened (a copy is read again on each relay connection).
			if (mark.name.startsWith('whiteboard:') && !page.has(name))
				page.set(name, performance.timeOrigin + mark.startTime);
		}
		return { ...Object.fromEntries(page), ...Object.fromEntries(this.#own) };
	}
}
