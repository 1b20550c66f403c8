// Every refusal the relay makes, counted by reason, so an operator can see in the status line
// (and later in metrics) what its limits turned away. Reasons are "<what>:<why>", e.g.
// "reservation:per-address".
export class RefusalCounters {
	readonly #counts = new Map<string, number>();

	count(reason: string): void {
		this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
	}

	get(reason: string): number {
		return this.#counts.get(reason) ?? 0;
	}

	/** Every reason with its count, sorted by reason. */
	entries(): Array<[string, number]> {
		return [...this.#counts].sort(([a], [b]) => a.localeCompare(b));
	}

	/** "reservation:per-address 72, topic:per-peer 1990", or "none". */
	summary(): string {
		const entries = this.entries();
		return entries.length === 0 ? 'none' : entries.map(([r, n]) => `${r} ${n}`).join(', ');
	}
}
