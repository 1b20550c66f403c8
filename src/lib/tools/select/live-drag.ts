/**
 * A drag that writes the board live (once per frame, so peers watch the move) yet leaves one
 * undo step. Board transactions each make their own step (captureTimeout 0), so the drag counts
 * the steps its writes add and, when it ends, folds them: undo them all (they are the newest on
 * this peer's stack: nothing else writes locally mid-drag) and write the final state once.
 * If Board ever offers a way to merge steps, only this file changes.
 */
import type { Board } from '$lib/board/board';

export class LiveDrag {
	#steps = 0;
	#writing = false;
	#done = false;
	readonly #unsubscribe: () => void;

	constructor(private readonly board: Board) {
		this.#unsubscribe = board.onHistoryChange(() => {
			if (this.#writing) this.#steps++;
		});
	}

	/** Undo steps the drag has added so far. */
	get steps(): number {
		return this.#steps;
	}

	/** One live write: a batch, so the whole frame's change is one transaction. */
	write(fn: () => void): void {
		if (this.#done) return;
		this.#writing = true;
		try {
			this.board.batch(fn);
		} finally {
			this.#writing = false;
		}
	}

	/**
	 * Ends the drag. The board already shows the final state; if that took several steps they
	 * are replaced by one write of `final` (which must produce the same state from the start).
	 */
	end(final: () => void): void {
		if (this.#done) return;
		if (this.#steps > 1) {
			this.#revert();
			this.#writing = true;
			try {
				this.board.batch(final);
			} finally {
				this.#writing = false;
			}
		}
		this.#finish();
	}

	/** Ends the drag leaving the board as it was before it. */
	cancel(): void {
		if (this.#done) return;
		this.#revert();
		this.#finish();
	}

	#revert(): void {
		for (; this.#steps > 0; this.#steps--) this.board.undo();
	}

	#finish(): void {
		this.#done = true;
		this.#unsubscribe();
	}
}
