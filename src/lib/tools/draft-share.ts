/**
 * Our draft as peers are shown it (board/draft-codec): the active tool's draft encoded for the
 * wire, and, once it is gone, whether it became an element (`committed`) or was dropped. Read
 * lazily, by whoever shares presence, at most once per share; a draft is encoded once.
 */
import type { Board } from '$lib/board/board';
import { encodeDraft, type SharedDraft } from '$lib/board/draft-codec';
import type { BoardElement } from '$lib/board/elements';

export class DraftShare {
	readonly #board: Pick<Board, 'get'>;
	readonly #current: () => BoardElement | null;
	#element: BoardElement | null = null;
	#shared: Readonly<SharedDraft> = { draft: null, committed: null };

	/** `current`: the draft on our overlay now (the tools cache it until it changes). */
	constructor(board: Pick<Board, 'get'>, current: () => BoardElement | null) {
		this.#board = board;
		this.#current = current;
	}

	/** The same object until something changed. */
	read(): Readonly<SharedDraft> {
		const element = this.#current();
		if (element === this.#element) return this.#shared;
		const before = this.#element;
		this.#element = element;
		let { committed } = this.#shared;
		// The tools commit before they clear their draft: the board already has it, or never will.
		if (before !== null && before.id !== element?.id) {
			committed = this.#board.get(before.id) !== undefined ? before.id : null;
		}
		// Text has no draft, nor does anything peers would refuse: they see the element at the end.
		const draft = element === null ? null : encodeDraft(element);
		this.#shared = { draft, committed };
		return this.#shared;
	}
}
