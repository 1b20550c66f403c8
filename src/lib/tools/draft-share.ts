/**
 * Our draft as peers are shown it (board/draft-codec): the active tool's draft encoded for the
 * wire, and, once it is gone, whether it became an element (`committed`) or was dropped; and the
 * laser pointer's trail. Read lazily, by whoever shares presence, at most once per share; a
 * draft is encoded once.
 */
import type { Board } from '$lib/board/board';
import { encodeDraft, type LaserWire, type SharedDraft } from '$lib/board/draft-codec';
import type { BoardElement } from '$lib/board/elements';
import type { Point } from '$lib/geometry/point';

/** What DraftShare reads from the overlay. */
export interface DraftSource {
	draft: BoardElement | null;
	laser: readonly Point[];
}

/** Trail points to a tenth of a board pixel: plenty on screen, shorter on the wire. */
const tenth = (v: number): number => Math.round(v * 10) / 10;

export class DraftShare {
	readonly #board: Pick<Board, 'get'>;
	readonly #current: () => DraftSource;
	#element: BoardElement | null = null;
	#trail: readonly Point[] = [];
	#shared: Readonly<SharedDraft> = { draft: null, committed: null, laser: null };

	/** `current`: the overlay now (the tools cache their draft and trail until they change). */
	constructor(board: Pick<Board, 'get'>, current: () => DraftSource) {
		this.#board = board;
		this.#current = current;
	}

	/** The same object until something changed. */
	read(): Readonly<SharedDraft> {
		const { draft: element, laser: trail } = this.#current();
		if (element === this.#element && trail === this.#trail) return this.#shared;
		let { committed, draft, laser } = this.#shared;
		if (element !== this.#element) {
			const before = this.#element;
			this.#element = element;
			// The tools commit before they clear their draft: the board already has it, or never will.
			if (before !== null && before.id !== element?.id) {
				committed = this.#board.get(before.id) !== undefined ? before.id : null;
			}
			// Text has no draft, nor does anything peers would refuse: they see the element at the end.
			draft = element === null ? null : encodeDraft(element);
		}
		if (trail !== this.#trail) {
			this.#trail = trail;
			laser =
				trail.length === 0 ? null : trail.map((p): [number, number] => [tenth(p.x), tenth(p.y)]);
		}
		this.#shared = { draft, committed, laser: laser as LaserWire | null };
		return this.#shared;
	}
}
