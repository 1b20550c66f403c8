/**
 * Reads the relay's copy of a board and applies it to the document: the snapshot (all its pieces
 * in one transaction) and the entries after it, each checked against the board schema first.
 * What it applied goes into RelayKnowledge. A snapshot that does not open, decode or pass the check
 * is reported and skipped, and the generation before it (older snapshot, longer log) is read
 * instead: a bad snapshot is never trusted over the log. An entry that fails is skipped.
 */
import type { AbortOptions, PeerId } from '@libp2p/interface';
import * as Y from 'yjs';
import { RELAY_COPY_ORIGIN } from '$lib/sync/remote-origins';
import type { CopyCipher, SnapshotContent } from './copy-codec';
import type { HttpCopyRead } from './copy-http';
import type { RelayKnowledge } from './relay-knowledge';
import type { CopyRead, StoreClient } from './store-client';
import type { StoredEntry } from './store-wire';

export interface CopyReaderOptions {
	client: StoreClient;
	cipher: CopyCipher;
	doc: Y.Doc;
	checkUpdate: (update: Uint8Array) => void;
	knowledge: RelayKnowledge;
	/** A snapshot or entry could not be used (the message says which and why). */
	onUnusable: (message: string) => void;
}

export class CopyReader {
	readonly #options: CopyReaderOptions;
	/** The relay whose copy `#readSeq` and the knowledge describe. */
	#copyOf: string | null = null;
	/** Every entry up to this one has been read and applied (appends of ours do not count). */
	#readSeq = 0;

	constructor(options: CopyReaderOptions) {
		this.#options = options;
	}

	/** True if the next read of `relay` starts from nothing known (another relay's numbering). */
	isNewRelay(relay: PeerId): boolean {
		return this.#copyOf !== relay.toString();
	}

	/**
	 * Reads and applies what is new in `relay`'s copy (all of it from a relay not read before);
	 * `since` of the answer is where it started. Null if the relay does not speak the store
	 * protocol (started with --no-store, or older). Other failures throw.
	 */
	async readNew(
		relay: PeerId,
		options: AbortOptions
	): Promise<(CopyRead & { since: number }) | null> {
		if (this.isNewRelay(relay)) {
			// Another relay keeps another copy, numbered its own way.
			this.#copyOf = relay.toString();
			this.#readSeq = 0;
			this.#options.knowledge.clear();
		}
		const since = this.#readSeq;
		const read = await this.#read(relay, since, options);
		if (read == null) return null;
		this.#readSeq = Math.max(this.#readSeq, read.seq);
		return { ...read, since };
	}

	/**
	 * Waits for the copy read over HTTP as the page loaded (copy-prefetch.ts) and applies it as
	 * readNew would have, if `accept` takes its relay (the one in use, or none yet). Otherwise, or
	 * if it failed or its snapshot was unusable, it says why: nothing then counts as read, and the
	 * next readNew reads the relay from the start.
	 */
	async applyEarly(
		prefetched: Promise<HttpCopyRead>,
		accept: (relay: string) => boolean
	): Promise<{ applied: CopyRead & { since: number } } | { skipped: string }> {
		let copy: HttpCopyRead;
		try {
			copy = await prefetched;
		} catch (err) {
			return { skipped: (err as Error).message };
		}
		performance.mark('whiteboard:relay-copy-read');
		if (!accept(copy.relay)) return { skipped: `another relay is in use than ${copy.relay}` };
		const { knowledge } = this.#options;
		knowledge.clear();
		const { read } = copy;
		if (read.snapshot != null && !(await this.#applySnapshot(read.snapshot.data))) {
			knowledge.clear();
			this.#copyOf = null;
			return { skipped: 'its snapshot is unusable' };
		}
		await this.#applyEntries(read.entries);
		this.#copyOf = copy.relay;
		this.#readSeq = read.seq;
		performance.mark('whiteboard:relay-copy');
		return { applied: { ...read, since: 0 } };
	}

	async #read(relay: PeerId, since: number, options: AbortOptions): Promise<CopyRead | null> {
		const { client, knowledge } = this.#options;
		let read: CopyRead;
		try {
			read = await client.read(relay, since, 0, options);
			performance.mark('whiteboard:relay-copy-read');
		} catch (err) {
			if (isUnsupportedProtocol(err)) return null;
			throw err;
		}
		if (read.snapshot != null && !(await this.#applySnapshot(read.snapshot.data))) {
			read = await client.read(relay, 0, 1, options);
			if (read.snapshot != null && !(await this.#applySnapshot(read.snapshot.data))) {
				knowledge.clear();
			}
		}
		await this.#applyEntries(read.entries);
		return read;
	}

	async #applySnapshot(sealed: Uint8Array): Promise<boolean> {
		const { cipher, doc, checkUpdate, knowledge } = this.#options;
		let content: SnapshotContent;
		try {
			content = await cipher.openSnapshot(sealed);
			for (const piece of content.pieces) checkUpdate(piece);
		} catch (err) {
			this.#unusable('snapshot', err);
			return false;
		}
		// One transaction: the board, the renderer and the local store see one change, not one per piece.
		doc.transact(() => {
			for (const piece of content.pieces) Y.applyUpdate(doc, piece, RELAY_COPY_ORIGIN);
		}, RELAY_COPY_ORIGIN);
		knowledge.resetTo(content);
		return true;
	}

	/**
	 * Opens and checks every entry, then applies those that pass in one transaction, as a
	 * snapshot's pieces are: a board read as ten entries is one change to draw and store, not ten.
	 */
	async #applyEntries(entries: readonly StoredEntry[]): Promise<void> {
		const { cipher, doc, checkUpdate, knowledge } = this.#options;
		const updates: Uint8Array[] = [];
		// The platform decrypts off the main thread: all at once, each checked here as it opens.
		const opening = entries.map((entry) => cipher.openEntry(entry.data));
		// Each failure is reported in turn below, not as an unhandled rejection meanwhile.
		for (const open of opening) open.catch(() => {});
		for (const open of opening) {
			try {
				const update = await open;
				checkUpdate(update);
				updates.push(update);
			} catch (err) {
				this.#unusable('entry', err);
			}
		}
		if (updates.length === 0) return;
		doc.transact(() => {
			for (const update of updates) {
				try {
					Y.applyUpdate(doc, update, RELAY_COPY_ORIGIN);
				} catch (err) {
					this.#unusable('entry', err);
					continue;
				}
				knowledge.add(update);
			}
		}, RELAY_COPY_ORIGIN);
	}

	#unusable(what: string, err: unknown): void {
		this.#options.onUnusable(`ignored a ${what} of the relay copy: ${(err as Error).message}`);
	}
}

function isUnsupportedProtocol(err: unknown): boolean {
	const name = (err as Error | undefined)?.name;
	return name === 'UnsupportedProtocolError' || name === 'ProtocolNegotiationError';
}
