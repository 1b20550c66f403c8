/**
 * Keeps the relay's encrypted copy of the board in step with this browser (PROTOCOL.md, "Relay
 * store"). When the relay connection opens it reads the copy and applies it (so a newcomer paints
 * the board before any direct link exists, or with nobody online), then uploads whatever the copy
 * lacks; from then on it appends this browser's own changes in small batches, and now and then
 * replaces the log with a snapshot. All of it runs one step at a time; a failure never touches the
 * local document: what the relay lacks is uploaded on the next connection.
 */
import type { ComponentLogger, Logger, PeerId } from '@libp2p/interface';
import * as Y from 'yjs';
import type { Cipher } from '$lib/crypto/envelope';
import type { RoomSigner } from '$lib/crypto/room-signer';
import { MAX_STRUCTS_PER_CHUNK } from '$lib/sync/constants';
import { isRemoteOrigin, RELAY_COPY_ORIGIN } from '$lib/sync/remote-origins';
import { nextStateChunk } from '$lib/sync/state-chunks';
import type { UpdateSource } from '$lib/sync/update-feed';
import { CopyCipher, snapshotOf, type SnapshotContent } from './copy-codec';
import { RelayKnowledge } from './relay-knowledge';
import { StoreClient, StoreRefusedError, type CopyRead, type StoreNode } from './store-client';
import { MAX_ENTRY_BYTES } from './store-wire';

/** Local changes are gathered this long before they go to the relay as one entry. */
export const FLUSH_DELAY_MS = 150;
/** A request that has not been answered by then fails (and is retried later). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** After a failed request, and after the relay asked to slow down. */
const ERROR_RETRY_MS = 5_000;
const RATE_RETRY_MS = 1_000;
/** Plaintext of one uploaded piece: an entry is at most MAX_ENTRY_BYTES sealed. */
const PIECE_BYTES = MAX_ENTRY_BYTES - 64 * 1024;

export type CopyStatus =
	/** No relay connection (yet). */
	| 'connecting'
	/** Reading the relay's copy. */
	| 'loading'
	/** The relay holds everything this browser has. */
	| 'saved'
	/** Local changes on their way to the relay. */
	| 'saving'
	/** The relay refused to keep more (a limit); the board stays local and with peers. */
	| 'refused'
	/** The relay keeps no copies (started with --no-store, or too old). */
	| 'unavailable'
	/** The last request failed; the next connection or change tries again. */
	| 'error';

export interface CopyState {
	status: CopyStatus;
	/** The highest sequence number of the copy this browser has read or written. */
	seq: number;
	roomBytes: number;
	/** The most the relay keeps of one board (0: not known yet). */
	roomLimit: number;
	/** What the latest snapshot on the relay covers (0: none). */
	snapshotCovers: number;
	/** When this browser last uploaded a snapshot (ms since epoch), or null. */
	lastSnapshotAt: number | null;
	/** The last thing that went wrong, for Diagnostics (and the header when refused). */
	lastError: string | null;
	/** Entries read, and entries or snapshots this browser could not use (skipped, reported). */
	entriesRead: number;
	unusable: number;
}

export interface CompactionPolicy {
	/** Compact once the log after the snapshot has this many entries... */
	maxEntries: number;
	/** ...or this many bytes, or more than half the snapshot's size (whichever is larger). */
	minBytes: number;
}

export const DEFAULT_COMPACTION: CompactionPolicy = { maxEntries: 500, minBytes: 256 * 1024 };

export interface RelayCopyOptions {
	node: StoreNode;
	doc: Y.Doc;
	/** Where local updates are heard (an UpdateFeed). */
	updates: UpdateSource;
	topicId: string;
	/** The room's store cipher and write key (RoomKey.store, RoomKey.signer). */
	cipher: Cipher;
	signer: RoomSigner;
	/** Throws for an update that must not touch the document (the board schema). */
	checkUpdate: (update: Uint8Array) => void;
	/** Resolves once the local copy is loaded: only then is the difference uploaded. */
	localCopy: Promise<void>;
	logger: ComponentLogger;
	onChange?: (state: CopyState) => void;
	compaction?: CompactionPolicy;
	flushDelayMs?: number;
}

export class RelayCopy {
	readonly state: CopyState = {
		status: 'connecting',
		seq: 0,
		roomBytes: 0,
		roomLimit: 0,
		snapshotCovers: 0,
		lastSnapshotAt: null,
		lastError: null,
		entriesRead: 0,
		unusable: 0
	};
	readonly #doc: Y.Doc;
	readonly #updates: UpdateSource;
	readonly #client: StoreClient;
	readonly #cipher: CopyCipher;
	readonly #checkUpdate: (update: Uint8Array) => void;
	readonly #localCopy: Promise<void>;
	readonly #log: Logger;
	readonly #onChange: (state: CopyState) => void;
	readonly #compaction: CompactionPolicy;
	readonly #flushDelayMs: number;
	readonly #knowledge = new RelayKnowledge();
	readonly #controller = new AbortController();
	#relay: PeerId | null = null;
	/** Local updates the relay has not acknowledged yet. */
	#pending: Uint8Array[] = [];
	#flushTimer: ReturnType<typeof setTimeout> | undefined;
	/** Every step (load, flush, compaction) runs after the one before. */
	#queue: Promise<void> = Promise.resolve();
	/** True once the copy was read and the difference uploaded on the current connection. */
	#loaded = false;
	/** Every entry up to this one has been read and applied (our own appends do not count). */
	#readSeq = 0;
	#logEntries = 0;
	#logBytes = 0;
	#snapshotBytes = 0;
	#stopped = false;

	constructor(options: RelayCopyOptions) {
		this.#doc = options.doc;
		this.#updates = options.updates;
		this.#client = new StoreClient(options.node, options.topicId, options.signer);
		this.#cipher = new CopyCipher(options.cipher, options.topicId);
		this.#checkUpdate = options.checkUpdate;
		this.#localCopy = options.localCopy;
		this.#log = options.logger.forComponent('whiteboard:relay-copy');
		this.#onChange = options.onChange ?? (() => {});
		this.#compaction = options.compaction ?? DEFAULT_COMPACTION;
		this.#flushDelayMs = options.flushDelayMs ?? FLUSH_DELAY_MS;
		this.#updates.on(this.#onUpdate);
	}

	/** The relay connection opened: read the copy, then keep it in step. */
	attach(relay: PeerId): void {
		if (this.#stopped || this.#relay?.equals(relay) === true) return;
		this.#relay = relay;
		this.#loaded = false;
		void this.#enqueue(() => this.#load(relay));
	}

	/** The relay connection closed. */
	detach(relay: PeerId): void {
		if (this.#relay?.equals(relay) !== true) return;
		this.#relay = null;
		this.#loaded = false;
		this.#set({ status: 'connecting' });
	}

	/** Resolves once every step queued so far has run (tests, and the bench). */
	idle(): Promise<void> {
		return this.#queue;
	}

	/** Sends pending local changes now instead of after the batching delay; resolves when done. */
	flushNow(): Promise<void> {
		clearTimeout(this.#flushTimer);
		this.#flushTimer = undefined;
		return this.#enqueue(() => this.#flush());
	}

	stop(): void {
		this.#stopped = true;
		this.#updates.off(this.#onUpdate);
		clearTimeout(this.#flushTimer);
		this.#controller.abort();
	}

	#onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (isRemoteOrigin(origin)) return;
		this.#pending.push(update);
		if (!this.#loaded) return; // the load uploads it with everything else
		if (this.state.status === 'saved') this.#set({ status: 'saving' });
		this.#scheduleFlush(this.#flushDelayMs);
	};

	#scheduleFlush(delay: number): void {
		if (this.#flushTimer !== undefined || this.#stopped) return;
		this.#flushTimer = setTimeout(() => {
			this.#flushTimer = undefined;
			void this.#enqueue(() => this.#flush());
		}, delay);
	}

	#enqueue(step: () => Promise<void>): Promise<void> {
		this.#queue = this.#queue.then(async () => {
			if (this.#stopped) return;
			try {
				await step();
			} catch (err) {
				this.#failed(err);
			}
		});
		return this.#queue;
	}

	/** After a failure: try again in a while, unless the relay refused for good (a limit). */
	#retryLater(delay: number): void {
		const relay = this.#relay;
		if (relay == null || this.#stopped) return;
		if (this.#loaded) {
			this.#scheduleFlush(delay);
			return;
		}
		setTimeout(() => {
			if (this.#isCurrent(relay) && !this.#loaded) void this.#enqueue(() => this.#load(relay));
		}, delay);
	}

	/** Reads the copy (all of it the first time, what is new after that), then uploads the rest. */
	async #load(relay: PeerId): Promise<void> {
		this.#set({ status: 'loading' });
		const read = await this.#readAndApply(relay, this.#readSeq);
		if (read == null) return; // the relay keeps no copies
		performance.mark('whiteboard:relay-copy');
		this.#log('read the copy up to %d: %d entries', read.seq, read.entries.length);
		await this.#localCopy;
		if (!this.#isCurrent(relay)) return;
		// The difference below holds every local change made so far.
		this.#pending = [];
		const missing = this.#knowledge.missingFrom(this.#doc);
		if (missing != null) await this.#upload(relay, missing);
		this.#loaded = true;
		this.#set({ status: this.#pending.length > 0 ? 'saving' : 'saved' });
		if (this.#pending.length > 0) this.#scheduleFlush(0);
		if (this.#wantsCompaction()) await this.#compact(relay);
	}

	/** Appends the pending local changes as one entry. */
	async #flush(): Promise<void> {
		const relay = this.#relay;
		if (relay == null || !this.#loaded || this.#pending.length === 0) return;
		const batch = this.#pending;
		this.#pending = [];
		try {
			await this.#upload(relay, Y.mergeUpdates(batch));
		} catch (err) {
			// Keep them for the next try (a refusal or failure is reported by #failed).
			this.#pending = [...batch, ...this.#pending];
			throw err;
		}
		if (this.#pending.length === 0) this.#set({ status: 'saved' });
		if (this.#wantsCompaction()) await this.#compact(relay);
	}

	/**
	 * Appends `update` as one entry, or, if it is too large for one, the same state in pieces (a
	 * whole board that was never uploaded). A full room is compacted once and the append retried.
	 */
	async #upload(relay: PeerId, update: Uint8Array): Promise<void> {
		const pieces = update.length <= PIECE_BYTES ? [update] : this.#missingPieces();
		for (const piece of pieces) {
			try {
				await this.#append(relay, piece);
			} catch (err) {
				if (!(err instanceof StoreRefusedError) || err.code !== 'room-full') throw err;
				if (!(await this.#compact(relay))) throw err;
				await this.#append(relay, piece);
			}
		}
	}

	async #append(relay: PeerId, piece: Uint8Array): Promise<void> {
		const sealed = await this.#cipher.sealEntry(piece);
		const ack = await this.#client.append(relay, sealed, this.#requestOptions());
		this.#knowledge.add(piece);
		this.#logEntries++;
		this.#logBytes += sealed.length;
		this.#set({
			seq: Math.max(this.state.seq, ack.seq),
			roomBytes: ack.roomBytes,
			roomLimit: ack.roomLimit
		});
	}

	/** The document's state beyond what the relay has, in pieces that each fit an entry. */
	#missingPieces(): Uint8Array[] {
		const covered = this.#knowledge.stateVector();
		const pieces: Uint8Array[] = [];
		for (;;) {
			const piece = nextStateChunk(this.#doc, covered, PIECE_BYTES, MAX_STRUCTS_PER_CHUNK);
			if (piece === null) break;
			pieces.push(piece);
		}
		pieces.push(Y.encodeStateAsUpdate(this.#doc, Y.encodeStateVector(covered)));
		return pieces;
	}

	#wantsCompaction(): boolean {
		const { maxEntries, minBytes } = this.#compaction;
		if (this.#logEntries === 0) return false;
		return (
			this.#logEntries >= maxEntries ||
			this.#logBytes >= Math.max(minBytes, this.#snapshotBytes / 2)
		);
	}

	/**
	 * Replaces the log with a snapshot: reads what is new first, so the snapshot holds every entry
	 * it says it covers. Another browser's snapshot may win the race; that is fine. True if done.
	 */
	async #compact(relay: PeerId): Promise<boolean> {
		const read = await this.#readAndApply(relay, this.#readSeq);
		if (read == null || !this.#isCurrent(relay) || read.seq === 0) return false;
		const covers = read.seq;
		if (covers <= this.state.snapshotCovers) return false;
		const sealed = await this.#cipher.sealSnapshot(snapshotOf(this.#doc));
		if (read.roomLimit > 0 && sealed.length > read.roomLimit) {
			throw new StoreRefusedError('room-full', `the board is larger than the relay keeps`);
		}
		try {
			const ack = await this.#client.snapshot(relay, covers, sealed, this.#requestOptions());
			this.#logEntries = 0;
			this.#logBytes = 0;
			this.#snapshotBytes = sealed.length;
			this.#set({ snapshotCovers: covers, lastSnapshotAt: Date.now(), roomBytes: ack.roomBytes });
			this.#log('snapshot covering %d uploaded (%d B)', covers, sealed.length);
			return true;
		} catch (err) {
			if (err instanceof StoreRefusedError && err.code === 'stale-snapshot') return false;
			throw err;
		}
	}

	/**
	 * Reads the copy after `since` and applies it; null if the relay keeps no copies. A snapshot
	 * that cannot be opened or applied is reported and skipped: the previous one and its log are
	 * read instead, so a bad snapshot is never trusted over the log.
	 */
	async #readAndApply(relay: PeerId, since: number): Promise<CopyRead | null> {
		let read: CopyRead;
		try {
			read = await this.#client.read(relay, since, 0, this.#requestOptions());
			performance.mark('whiteboard:relay-copy-read');
		} catch (err) {
			if (!isUnsupportedProtocol(err)) throw err;
			this.#set({ status: 'unavailable', lastError: 'this relay keeps no copy of boards' });
			return null;
		}
		if (read.snapshot != null && !(await this.#applySnapshot(read.snapshot.data))) {
			read = await this.#client.read(relay, 0, 1, this.#requestOptions());
			if (read.snapshot != null && !(await this.#applySnapshot(read.snapshot.data))) {
				this.#knowledge.clear();
			}
		}
		for (const entry of read.entries) await this.#applyEntry(entry.data);
		const fromSnapshot = read.snapshot?.covers ?? since;
		if (read.snapshot != null) {
			this.#logEntries = read.entries.length;
			this.#logBytes = read.entries.reduce((sum, entry) => sum + entry.data.length, 0);
			this.#snapshotBytes = read.snapshot.data.length;
		} else if (since === 0) {
			this.#logEntries = read.entries.length;
			this.#logBytes = read.entries.reduce((sum, entry) => sum + entry.data.length, 0);
		}
		this.#readSeq = Math.max(this.#readSeq, read.seq);
		this.#set({
			seq: Math.max(this.state.seq, read.seq),
			roomBytes: read.roomBytes,
			roomLimit: read.roomLimit,
			snapshotCovers: Math.max(this.state.snapshotCovers, fromSnapshot),
			entriesRead: this.state.entriesRead + read.entries.length
		});
		return read;
	}

	async #applySnapshot(sealed: Uint8Array): Promise<boolean> {
		let content: SnapshotContent;
		try {
			content = await this.#cipher.openSnapshot(sealed);
			for (const piece of content.pieces) this.#checkUpdate(piece);
		} catch (err) {
			this.#unusable('snapshot', err);
			return false;
		}
		// One transaction: the board, the renderer and the local store see one change, not one per piece.
		this.#doc.transact(() => {
			for (const piece of content.pieces) Y.applyUpdate(this.#doc, piece, RELAY_COPY_ORIGIN);
		}, RELAY_COPY_ORIGIN);
		this.#knowledge.resetTo(content);
		return true;
	}

	async #applyEntry(sealed: Uint8Array): Promise<void> {
		let update: Uint8Array;
		try {
			update = await this.#cipher.openEntry(sealed);
			this.#checkUpdate(update);
			Y.applyUpdate(this.#doc, update, RELAY_COPY_ORIGIN);
		} catch (err) {
			this.#unusable('entry', err);
			return;
		}
		this.#knowledge.add(update);
	}

	#unusable(what: string, err: unknown): void {
		const message = `ignored a ${what} of the relay copy: ${(err as Error).message}`;
		this.#log.error(message);
		this.#set({ unusable: this.state.unusable + 1, lastError: message });
	}

	#failed(err: unknown): void {
		if (this.#stopped) return;
		if (err instanceof StoreRefusedError) {
			const message =
				err.code === 'room-full' || err.code === 'store-full'
					? 'this relay keeps no more of this board; it stays in your browser and with peers'
					: `the relay refused: ${err.message} (${err.code})`;
			this.#set({ status: err.code === 'rate-limited' ? 'saving' : 'refused', lastError: message });
			if (err.code === 'rate-limited') this.#retryLater(RATE_RETRY_MS);
			return;
		}
		this.#log.error('relay copy step failed: %e', err);
		this.#set({ status: 'error', lastError: (err as Error).message ?? String(err) });
		this.#retryLater(ERROR_RETRY_MS);
	}

	#isCurrent(relay: PeerId): boolean {
		return !this.#stopped && this.#relay?.equals(relay) === true;
	}

	#requestOptions(): { signal: AbortSignal } {
		return {
			signal: AbortSignal.any([this.#controller.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)])
		};
	}

	#set(change: Partial<CopyState>): void {
		Object.assign(this.state, change);
		this.#onChange(this.state);
	}
}

function isUnsupportedProtocol(err: unknown): boolean {
	const name = (err as Error | undefined)?.name;
	return name === 'UnsupportedProtocolError' || name === 'ProtocolNegotiationError';
}
