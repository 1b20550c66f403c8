/** Summaries of benchmark samples: nearest-rank percentiles, so every figure is a real sample. */

export interface Summary {
	n: number;
	p50: number;
	p95: number;
	min: number;
	max: number;
	mean: number;
}

export function percentile(sorted: readonly number[], q: number): number {
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
	return sorted[index] ?? Number.NaN;
}

/** null when there is no sample (the scenario failed or timed out). */
export function summarize(samples: readonly number[]): Summary | null {
	if (samples.length === 0) return null;
	const sorted = [...samples].sort((a, b) => a - b);
	const sum = sorted.reduce((a, b) => a + b, 0);
	return {
		n: sorted.length,
		p50: percentile(sorted, 0.5),
		p95: percentile(sorted, 0.95),
		min: sorted[0] ?? Number.NaN,
		max: sorted.at(-1) ?? Number.NaN,
		mean: sum / sorted.length
	};
}

/** Differences b - a of paired samples, skipping pairs with a missing side. */
export function delays(from: readonly (number | null)[], to: readonly (number | null)[]): number[] {
	const out: number[] = [];
	from.forEach((a, i) => {
		const b = to[i];
		if (a != null && b != null) out.push(b - a);
	});
	return out;
}
