/**
 * Work that can wait until the page is up. Opening a board holds the startup until the first
 * direct connection to a peer (or a few seconds at most); deferred work, such as installing the
 * service worker (which downloads the whole app, about 1 MB, for offline use), runs afterwards
 * instead of competing with the join for the CPU and the network. With nothing held it runs at once.
 */
const holds = new Set<symbol>();
const waiting = new Set<() => void>();

/** Holds the startup until the returned function is called, or `maxMs` have passed. */
export function holdStartup(maxMs: number): () => void {
	const hold = Symbol('startup hold');
	holds.add(hold);
	const release = (): void => {
		clearTimeout(timer);
		if (!holds.delete(hold) || holds.size > 0) return;
		const runs = [...waiting];
		waiting.clear();
		for (const run of runs) run();
	};
	const timer = setTimeout(release, maxMs);
	return release;
}

/** Runs `run` once nothing holds the startup (now, if nothing does). Returns a cancel function. */
export function afterStartup(run: () => void): () => void {
	if (holds.size === 0) {
		run();
		return () => {};
	}
	const once = (): void => run();
	waiting.add(once);
	return () => waiting.delete(once);
}
