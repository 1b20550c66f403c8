/**
 * When local presence changes (our pointer, our draft) are shared: on an animation frame, at most
 * one share per `intervalMs` (AwarenessGossip's publish interval). A change waits for the first
 * frame that is at least `intervalMs - FRAME_SLACK_MS` after the last share. Pointer input arrives
 * once per frame, so at 60 Hz every second frame shares and a point waits at most one frame. (A
 * plain timer throttle fires just before the frame whose input it would carry, and then makes
 * every other point wait almost two frames.)
 */
import type { ThrottleTimers } from './presence-throttle';

/** Frames are ~16.7 ms apart at 60 Hz, 8.3 ms at 120 Hz; their times jitter by about a ms. */
export const FRAME_SLACK_MS = 4;

export interface FrameShareOptions {
	/** Writes the local state (reads the latest values itself). */
	share: () => void;
	intervalMs: number;
	timers: Pick<ThrottleTimers, 'now'>;
	/** requestAnimationFrame; without it (tests, no DOM) a change is shared at once. */
	requestFrame?: (callback: () => void) => number;
	cancelFrame?: (handle: number) => void;
}

export class FrameShare {
	readonly #options: FrameShareOptions;
	#lastShare = -Infinity;
	#frame: number | undefined;

	constructor(options: FrameShareOptions) {
		this.#options = options;
	}

	get pending(): boolean {
		return this.#frame !== undefined;
	}

	/** Something changed: share it on a coming frame. */
	request(): void {
		if (this.#frame !== undefined) return;
		const { requestFrame } = this.#options;
		if (requestFrame === undefined) return this.now();
		this.#frame = requestFrame(this.#onFrame);
	}

	/** Shares now (e.g. the pointer left the board), dropping any pending frame. */
	now(): void {
		this.cancel();
		this.#lastShare = this.#options.timers.now();
		this.#options.share();
	}

	cancel(): void {
		if (this.#frame === undefined) return;
		this.#options.cancelFrame?.(this.#frame);
		this.#frame = undefined;
	}

	#onFrame = (): void => {
		this.#frame = undefined;
		const { intervalMs, timers, requestFrame } = this.#options;
		if (timers.now() - this.#lastShare >= intervalMs - FRAME_SLACK_MS) this.now();
		else if (requestFrame !== undefined) this.#frame = requestFrame(this.#onFrame);
	};
}
