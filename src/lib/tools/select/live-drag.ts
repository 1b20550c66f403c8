/**
 * A drag that writes the board live (once per frame, so peers watch the move) yet leaves one
 * undo step: the writes happen inside a board gesture, which merges them.
 */
import type { Board } from '$lib/board/board';

export class LiveDrag {
	#wrote = false;
	#done = false;
	readonly #endGesture: () => void;

	readonly #board: Board;

	constructor(board: Board) {
		this.#board = board;
		this.#endGesture = board.beginGesture();
	}

	/** One live write: a batch, so the whole frame's change is one transaction. */
	write(fn: () => void): void {
		if (this.#done) return;
		this.#board.batch(fn);
		this.#wrote = true;
	}

	/** Ends the drag; the board already shows its final state, as one undo step. */
	end(): void {
		if (this.#done) return;
		this.#done = true;
		this.#endGesture();
	}

	/** Ends the drag leaving the board as it was before it. */
	cancel(): void {
		if (this.#done) return;
		this.end();
		if (this.#wrote) this.#board.undo();
	}
}
