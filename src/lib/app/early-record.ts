/**
 * What a page showed before its benchmark probe loaded (the probe is loaded on demand, and a board
 * read over HTTP can be painted before it arrives): when the element count grew and each frame
 * painted. The probe starts from this record (probe.ts, `EarlyHistory`), so no early moment is
 * lost. Tiny on purpose: it is part of the app bundle, the probe is not.
 */
import type { Board } from '$lib/board/board';

export interface EarlyFrame {
	at: number;
	elements: number;
	complete: boolean;
}

/** Frames kept at most (the probe takes over long before). */
const MAX_EARLY_FRAMES = 600;

export class EarlyRecord {
	/** [time, element count] each time the count grew. */
	readonly growth: [number, number][] = [];
	readonly frames: EarlyFrame[] = [];
	readonly #board: Board;
	readonly #unsubscribe: () => void;

	constructor(board: Board) {
		this.#board = board;
		this.#unsubscribe = board.onChange(() => {
			const count = board.elementCount;
			const last = this.growth.at(-1);
			if (last === undefined || count > last[1]) this.growth.push([now(), count]);
		});
	}

	framePainted(complete: boolean): void {
		if (this.frames.length < MAX_EARLY_FRAMES)
			this.frames.push({ at: now(), elements: this.#board.elementCount, complete });
	}

	stop(): void {
		this.#unsubscribe();
	}
}

function now(): number {
	return performance.timeOrigin + performance.now();
}
