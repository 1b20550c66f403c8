/**
 * When local presence changes (our pointer, our draft) are shared: on an animation frame, at most
 * one share per `intervalMs` (AwarenessGossip's publish interval). A change waits for the first
 * frame that is at least `intervalMs - FRAME_SLACK_MS` after the last share. Pointer input arrives
 * once per frame, so at 60 Hz every second frame shares and a point waits at most one frame. (A
 * plain timer throttle fires just before the frame whose input it would carry, and then makes
 * every other point wait almost two frames.)
 *
 * One exception keeps shares in step with input that comes every second frame (30 Hz, a busy
 * page): a share made on a frame without new input (it carried a change held back before) does
 * not hold back the next frame's input. Without it, one held-back change put every later share
 * on the frame after the input, and each point waited a frame.
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
	/** The last share carried only changes from before its frame. */
	#lastShareHeldBack = false;
	/** A change was requested since the last frame callback. */
	#requested = false;
	#frame: number | undefined;

	constructor(options: FrameShareOptions) {
		this.#options = options;
	}

	get pending(): boolean {
		return this.#frame !== undefined;
	}

	/** Something changed: share it on a coming frame. */
	request(): void {
		this.#requested = true;
		if (this.#frame !== undefined) return;
		const { requestFrame } = this.#options;
		if (requestFrame === undefined) return this.now();
		this.#frame = requestFrame(this.#onFrame);
	}

	/** Shares now (e.g. the pointer left the board), dropping any pending frame. */
	now(): void {
		this.#share(false);
	}

	cancel(): void {
		if (this.#frame === undefined) return;
		this.#options.cancelFrame?.(this.#frame);
		this.#frame = undefined;
	}

	#onFrame = (): void => {
		this.#frame = undefined;
		const { intervalMs, timers, requestFrame } = this.#options;
		const fresh = this.#requested;
		this.#requested = false;
		const due = timers.now() - this.#lastShare >= intervalMs - FRAME_SLACK_MS;
		if (due || (fresh && this.#lastShareHeldBack)) this.#share(!fresh);
		else if (requestFrame !== undefined) this.#frame = requestFrame(this.#onFrame);
	};

	#share(heldBack: boolean): void {
		this.cancel();
		this.#lastShare = this.#options.timers.now();
		this.#lastShareHeldBack = heldBack;
		this.#requested = false;
		this.#options.share();
	}
}
