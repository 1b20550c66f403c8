/**
 * Decoded images for painting: a blob's bytes (checked against their hash first) become an
 * ImageBitmap once, asynchronously; until then, and for bytes that are missing, corrupt or not
 * an image, painters get null and draw a placeholder. `onReady` says which blob can now be painted.
 */
import { verifiedBlob } from '$lib/board/blobs';
import type { ImageMime } from '$lib/board/elements';

type Entry = { state: 'decoding' } | { state: 'ready'; bitmap: ImageBitmap } | { state: 'failed' };

export class ImageBitmaps {
	readonly #read: (hash: string) => Uint8Array | undefined;
	readonly #onReady: (hash: string) => void;
	readonly #entries = new Map<string, Entry>();

	constructor(read: (hash: string) => Uint8Array | undefined, onReady: (hash: string) => void) {
		this.#read = read;
		this.#onReady = onReady;
	}

	/** The decoded image, or null (decoding, missing or unusable); starts decoding when it can. */
	get(hash: string, mime: ImageMime): ImageBitmap | null {
		const entry = this.#entries.get(hash);
		if (entry?.state === 'ready') return entry.bitmap;
		if (entry !== undefined) return null;
		const bytes = this.#read(hash);
		// Not here yet: nothing is kept, so the next paint (once the bytes arrive) looks again.
		if (bytes === undefined) return null;
		this.#entries.set(hash, { state: 'decoding' });
		void this.#decode(hash, bytes, mime);
		return null;
	}

	async #decode(hash: string, bytes: Uint8Array, mime: ImageMime): Promise<void> {
		try {
			const verified = await verifiedBlob(bytes, hash);
			if (verified === null || typeof createImageBitmap !== 'function') throw new Error('unusable');
			const bitmap = await createImageBitmap(new Blob([new Uint8Array(verified)], { type: mime }));
			this.#entries.set(hash, { state: 'ready', bitmap });
			this.#onReady(hash);
		} catch {
			this.#entries.set(hash, { state: 'failed' });
		}
	}
}
