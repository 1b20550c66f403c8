/**
 * Reads the relay's copy of a board and applies it to the document: the snapshot (all its pieces
 * in one transaction) and the entries after it, each opened and checked against the board schema
 * first (copy-open.ts).
 * What it applied goes into RelayKnowledge. A snapshot that does not open, decode or pass the check
 * is reported and skipped, and the generation before it (older snapshot, longer log) is read
 * instead: a bad snapshot is never trusted over the log. An entry that fails is skipped.
 */
import type { AbortOptions, PeerId } from '@libp2p/interface';
import * as Y from 'yjs';
import { RELAY_COPY_ORIGIN } from '$lib/sync/remote-origins';
import type { CopyCipher, SnapshotContent } from './copy-codec';
import { openCopy, type EarlyCopy, type Opened, type OpenedCopy } from './copy-open';
import type { RelayKnowledge } from './relay-knowledge';
import type { CopyRead } from './copy-read';
import type { StoreClient } from './store-client';

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
	 * Applies the copy read over HTTP and opened as the page loaded (room/room-prefetch.ts) as
	 * readNew would have, batch by batch as they come, if `accept` takes its relay (the one in use,
	 * or none yet) before and after. Otherwise, or if it failed or its snapshot was unusable, it
	 * says why: nothing then counts as read (what was applied stays: Yjs ignores it when the next
	 * readNew, from the start, brings it again).
	 */
	async applyEarly(
		prefetched: Promise<EarlyCopy>,
		accept: (relay: string) => boolean
	): Promise<{ applied: CopyRead & { since: number } } | { skipped: string }> {
		let copy: EarlyCopy;
		try {
			copy = await prefetched;
		} catch (err) {
			return { skipped: (err as Error).message };
		}
		if (!accept(copy.relay)) {
			copy.cancel();
			return { skipped: `another relay is in use than ${copy.relay}` };
		}
		const { knowledge } = this.#options;
		knowledge.clear();
		this.#copyOf = null;
		let read: CopyRead;
		try {
			let batch = await copy.next();
			performance.mark('whiteboard:relay-copy-read'); // its first batch
			for (; batch !== null; batch = await copy.next()) {
				if (!this.#applySnapshot(batch.snapshot)) {
					copy.cancel();
					knowledge.clear();
					return { skipped: 'its snapshot is unusable' };
				}
				this.#applyEntries(batch.entries);
			}
			read = await copy.read;
		} catch (err) {
			knowledge.clear();
			return { skipped: (err as Error).message };
		}
		if (!accept(copy.relay)) {
			knowledge.clear();
			return { skipped: `another relay is in use than ${copy.relay}` };
		}
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
		let opened = await this.#open(read);
		if (!this.#applySnapshot(opened.snapshot)) {
			read = await client.read(relay, 0, 1, options);
			opened = await this.#open(read);
			if (!this.#applySnapshot(opened.snapshot)) knowledge.clear();
		}
		this.#applyEntries(opened.entries);
		return read;
	}

	#open(read: CopyRead): Promise<OpenedCopy> {
		return openCopy(read, this.#options.cipher, this.#options.checkUpdate);
	}

	/** Applies an opened snapshot (none: nothing to do); false if it is unusable (reported). */
	#applySnapshot(snapshot: Opened<SnapshotContent> | null): boolean {
		if (snapshot == null) return true;
		if (!snapshot.ok) {
			this.#unusable('snapshot', snapshot.error);
			return false;
		}
		const { doc, knowledge } = this.#options;
		const content = snapshot.value;
		// One transaction: the board, the renderer and the local store see one change, not one per piece.
		doc.transact(() => {
			for (const piece of content.pieces) Y.applyUpdate(doc, piece, RELAY_COPY_ORIGIN);
		}, RELAY_COPY_ORIGIN);
		knowledge.resetTo(content);
		return true;
	}

	/**
	 * Applies the opened entries that passed in one transaction, as a snapshot's pieces are: a board
	 * read as ten entries is one change to draw and store, not ten. The others are reported.
	 */
	#applyEntries(entries: readonly Opened<Uint8Array>[]): void {
		const { doc, knowledge } = this.#options;
		const updates: Uint8Array[] = [];
		for (const entry of entries) {
			if (entry.ok) updates.push(entry.value);
			else this.#unusable('entry', entry.error);
		}
		if (updates.length === 0) return;
		doc.transact(() => {
			for (const update of updates) {
				try {
					Y.applyUpdate(doc, update, RELAY_COPY_ORIGIN);
				} catch (err) {
					this.#unusable('entry', (err as Error).message);
					continue;
				}
				knowledge.add(update);
			}
		}, RELAY_COPY_ORIGIN);
	}

	#unusable(what: string, error: string): void {
		this.#options.onUnusable(`ignored a ${what} of the relay copy: ${error}`);
	}
}

function isUnsupportedProtocol(err: unknown): boolean {
	const name = (err as Error | undefined)?.name;
	return name === 'UnsupportedProtocolError' || name === 'ProtocolNegotiationError';
}
