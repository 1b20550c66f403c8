/**
 * The board's name, stored in the document (`doc.getMap('meta').get('name')`) so every peer shows
 * the same title. Like elements, the stored value may come from anyone: it is read as text,
 * length-limited, and anything else reads as no name.
 */
import type * as Y from 'yjs';
import { LOCAL_ORIGIN } from './local-origin';

export const META_KEY = 'meta';
export const MAX_BOARD_NAME_LENGTH = 120;

export class BoardName {
	readonly #meta: Y.Map<unknown>;

	constructor(doc: Y.Doc) {
		this.#meta = doc.getMap(META_KEY);
	}

	get value(): string {
		const name = this.#meta.get('name');
		return typeof name === 'string' ? name.slice(0, MAX_BOARD_NAME_LENGTH) : '';
	}

	/** Sets the name (trimmed, cut to the limit); an unchanged name writes nothing. */
	set(name: string): void {
		const next = name.trim().slice(0, MAX_BOARD_NAME_LENGTH);
		if (next === this.value) return;
		this.#meta.doc?.transact(() => this.#meta.set('name', next), LOCAL_ORIGIN);
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
