/**
 * Coalesces redraw requests: any number of request() calls between two frames cause one
 * callback in the next animation frame. The frame functions are injectable for tests.
 */
export class FrameScheduler {
	private handle: number | null = null;

	constructor(
		private readonly onFrame: () => void,
		private readonly requestFrame: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
		private readonly cancelFrame: (handle: number) => void = (h) => cancelAnimationFrame(h)
	) {}

	request(): void {
		if (this.handle !== null) return;
		this.handle = this.requestFrame(() => {
			this.handle = null;
			this.onFrame();
		});
	}

	get pending(): boolean {
		return this.handle !== null;
	}

	cancel(): void {
		if (this.handle === null) return;
		this.cancelFrame(this.handle);
		this.handle = null;
	}
}
