import type * as Y from 'yjs';

export type UpdateListener = (update: Uint8Array, origin: unknown) => void;

/** Where a Y.Doc's updates can be heard (the doc's own 'update' event, or an UpdateFeed). */
export interface UpdateSource {
	on(listener: UpdateListener): void;
	off(listener: UpdateListener): void;
}

/** A doc's own 'update' event as an UpdateSource. */
export function docUpdates(doc: Y.Doc): UpdateSource {
	return {
		on: (listener) => doc.on('update', listener),
		off: (listener) => doc.off('update', listener)
	};
}

/**
 * A doc's 'update' events, heard before any listener registered after `start()`. Yjs calls
 * update listeners in the order they were added, and the local store (y-indexeddb) opens an
 * IndexedDB transaction in its listener (about 1 ms): a local stroke would wait for that before
 * it is published. The room session starts this feed before it opens the store, so peers get a
 * stroke first and the disk second.
 */
export class UpdateFeed implements UpdateSource {
	readonly #doc: Y.Doc;
	readonly #listeners = new Set<UpdateListener>();
	#started = false;

	constructor(doc: Y.Doc) {
		this.#doc = doc;
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.#doc.on('update', this.#emit);
	}

	stop(): void {
		if (!this.#started) return;
		this.#started = false;
		this.#doc.off('update', this.#emit);
	}

	on(listener: UpdateListener): void {
		this.#listeners.add(listener);
	}

	off(listener: UpdateListener): void {
		this.#listeners.delete(listener);
	}

	#emit = (update: Uint8Array, origin: unknown): void => {
		for (const listener of this.#listeners) listener(update, origin);
	};
}
