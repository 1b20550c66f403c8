/**
 * The local selection: ids of elements this peer has selected. Ephemeral (never in the Y.Doc).
 * Ids whose element disappears (a peer deleted it, undo) are dropped on the next board change.
 */
import type { Board } from '$lib/board/board';

export class Selection {
	#ids: readonly string[] = [];
	readonly #listeners = new Set<() => void>();
	readonly #unsubscribe: () => void;

	readonly #board: Board;

	constructor(board: Board) {
		this.#board = board;
		this.#unsubscribe = board.onChange((change) => {
			if (change.removed.length > 0) this.set(this.#ids.filter((id) => board.get(id)));
		});
	}

	get ids(): readonly string[] {
		return this.#ids;
	}

	get size(): number {
		return this.#ids.length;
	}

	has(id: string): boolean {
		return this.#ids.includes(id);
	}

	set(ids: readonly string[]): void {
		const next = [...new Set(ids)];
		if (next.length === this.#ids.length && next.every((id, i) => id === this.#ids[i])) return;
		this.#ids = Object.freeze(next);
		for (const listener of this.#listeners) listener();
	}

	/** Adds `id` if absent, removes it if present (shift-click). */
	toggle(id: string): void {
		this.set(this.has(id) ? this.#ids.filter((x) => x !== id) : [...this.#ids, id]);
	}

	clear(): void {
		this.set([]);
	}

	/** The selected elements that still exist, in selection order. */
	elements() {
		return this.#ids.flatMap((id) => this.#board.get(id) ?? []);
	}

	onChange(callback: () => void): () => void {
		this.#listeners.add(callback);
		return () => this.#listeners.delete(callback);
	}

	destroy(): void {
		this.#unsubscribe();
		this.#listeners.clear();
	}
}
