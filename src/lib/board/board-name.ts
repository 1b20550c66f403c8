/**
 * The board's name, stored in the document (`doc.getMap('meta').get('name')`) so every peer shows
 * the same title. Like elements, the stored value may come from anyone: it is read as text,
 * length-limited, and anything else reads as no name. Board creates it (`board.name`) and hands it
 * its transaction, so the Board stays the only writer of the document.
 */
import type * as Y from 'yjs';

export const META_KEY = 'meta';
export const MAX_BOARD_NAME_LENGTH = 120;

export class BoardName {
	readonly #meta: Y.Map<unknown>;
	readonly #transact: (write: () => void) => void;

	/** `transact`: runs a write in the Board's local transaction. */
	constructor(meta: Y.Map<unknown>, transact: (write: () => void) => void) {
		this.#meta = meta;
		this.#transact = transact;
	}

	get value(): string {
		const name = this.#meta.get('name');
		return typeof name === 'string' ? name.slice(0, MAX_BOARD_NAME_LENGTH) : '';
	}

	/** Sets the name (trimmed, cut to the limit); an unchanged name writes nothing. */
	set(name: string): void {
		const next = name.trim().slice(0, MAX_BOARD_NAME_LENGTH);
		if (next === this.value) return;
		this.#transact(() => this.#meta.set('name', next));
	}

	/** Calls back after every change of the name, local or remote. */
	onChange(callback: (name: string) => void): () => void {
		const observer = (event: Y.YMapEvent<unknown>) => {
			if (event.keysChanged.has('name')) callback(this.value);
		};
		this.#meta.observe(observer);
		return () => this.#meta.unobserve(observer);
	}
}
