/**
 * Image bytes, content-addressed, outside the element records: a second root map of the board's
 * Y.Doc (`blobs`: SHA-256 in base64url -> bytes), so gossip, the sync stream, the relay's copy and
 * the local copy carry them with their encryption and limits like the rest of the board. An image
 * element names its blob by hash; bytes whose hash is not their key are never shown.
 */
import { toBase64UrlEncoded } from 'lib0/buffer';
import type * as Y from 'yjs';

export const BLOBS_KEY = 'blobs';
/**
 * The largest blob the board takes: 960 KiB, so that one blob with its update framing fits one
 * entry of the relay's copy (1 MiB sealed). The app re-encodes images to at most 900,000 bytes.
 */
export const MAX_BLOB_BYTES = 960 * 1024;
/** SHA-256, base64url without padding. */
export const BLOB_HASH_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const isBlobHash = (value: unknown): value is string =>
	typeof value === 'string' && BLOB_HASH_PATTERN.test(value);

export async function blobHash(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
	return toBase64UrlEncoded(new Uint8Array(digest));
}

/** The blob's bytes if they are there and hash to `hash`; null otherwise (missing or corrupt). */
export async function verifiedBlob(bytes: unknown, hash: string): Promise<Uint8Array | null> {
	if (!(bytes instanceof Uint8Array) || bytes.length > MAX_BLOB_BYTES) return null;
	return (await blobHash(bytes)) === hash ? bytes : null;
}

/**
 * The board's blobs as its Y.Map holds them. Writes happen inside the Board's transactions
 * (Board.addImage); outside undo, so an undone image's bytes stay for its redo.
 */
export class BoardBlobs {
	readonly #map: Y.Map<unknown>;

	constructor(doc: Y.Doc) {
		this.#map = doc.getMap(BLOBS_KEY);
	}

	/** An image's bytes as the document holds them (unverified: see verifiedBlob). */
	get(hash: string): Uint8Array | undefined {
		const value = this.#map.get(hash);
		return value instanceof Uint8Array ? value : undefined;
	}

	/** Stores `bytes` under `hash` unless the board has them; call inside a transaction. */
	put(hash: string, bytes: Uint8Array): void {
		if (bytes.length > MAX_BLOB_BYTES) throw new RangeError('image too large');
		if (!this.#map.has(hash)) this.#map.set(hash, bytes);
	}

	/** Called when blobs arrive (a peer's image whose bytes came after its element). */
	onChange(callback: () => void): () => void {
		const observer = (): void => callback();
		this.#map.observe(observer);
		return () => this.#map.unobserve(observer);
	}
}
