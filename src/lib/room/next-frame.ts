/**
 * Resolves once the browser has had the chance to paint a frame: after the next animation frame's
 * callbacks (where the board draws) and the task that follows them. Where no frames come (Node, a
 * hidden tab) it resolves after `maxWaitMs` at most.
 */
export function afterNextFrame(maxWaitMs = 100): Promise<void> {
	if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, maxWaitMs);
		requestAnimationFrame(() =>
			setTimeout(() => {
				clearTimeout(timer);
				resolve();
			}, 0)
		);
	});
}
