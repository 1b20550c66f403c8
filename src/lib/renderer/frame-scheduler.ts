/**
 * Coalesces redraw requests: any number of request() calls between two frames cause one
 * callback in the next animation frame. The frame functions are injectable for tests.
 */
export class FrameScheduler {
	#handle: number | null = null;

	readonly #onFrame: () => void;
	readonly #requestFrame: (cb: () => void) => number;
	readonly #cancelFrame: (handle: number) => void;

	constructor(
		onFrame: () => void,
		requestFrame: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
		cancelFrame: (handle: number) => void = (h) => cancelAnimationFrame(h)
	) {
		this.#onFrame = onFrame;
		this.#requestFrame = requestFrame;
		this.#cancelFrame = cancelFrame;
	}

	request(): void {
		if (this.#handle !== null) return;
		this.#handle = this.#requestFrame(() => {
			this.#handle = null;
			this.#onFrame();
		});
	}

	get pending(): boolean {
		return this.#handle !== null;
	}

	cancel(): void {
		if (this.#handle === null) return;
		this.#cancelFrame(this.#handle);
		this.#handle = null;
	}
}
