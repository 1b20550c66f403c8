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
import { isRemoteOrigin } from '$lib/sync/remote-origins';
import type { UpdateSource } from '$lib/sync/update-feed';
import { CopyCipher } from './copy-codec';
import type { EarlyCopy } from './copy-open';
import { CopyReader } from './copy-reader';
import { CopyWriter } from './copy-writer';
import { PendingChanges } from './pending-changes';
import {
	DEFAULT_COMPACTION,
	figuresAfterRead,
	initialCopyState,
	LogSize,
	refusalText,
	type CompactionPolicy,
	type CopyState
} from './copy-state';
import { RelayKnowledge } from './relay-knowledge';
import { StoreRefusedError, type CopyRead } from './copy-read';
import { StoreClient, type StoreNode } from './store-client';

export type { CompactionPolicy, CopyState, CopyStatus } from './copy-state';

/** Local changes are gathered this long before they go to the relay as one entry. */
export const FLUSH_DELAY_MS = 150;
/** A request that has not been answered by then fails (and is retried later). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** After a failed request, and after the relay asked to slow down. */
const ERROR_RETRY_MS = 5_000;
const RATE_RETRY_MS = 1_000;

export interface RelayCopyOptions {
	node: StoreNode;
	doc: Y.Doc;
	/** Where local updates are heard (an UpdateFeed). */
	updates: UpdateSource;
	topicId: string;
	/** The room's store cipher and write key (RoomKey.store, RoomKey.signer). */
	cipher: Cipher;
	/** Null for a view-only link: the copy is read, never written. */
	signer: RoomSigner | null;
	/** Throws for an update that must not touch the document (the board schema). */
	checkUpdate: (update: Uint8Array) => void;
	/** Resolves once the local copy is loaded: only then is the difference uploaded. */
	localCopy: Promise<void>;
	logger: ComponentLogger;
	/** The copy, read over HTTP and opened as the page loaded (room-prefetch.ts): applied first. */
	prefetched?: Promise<EarlyCopy>;
	onChange?: (state: CopyState) => void;
	compaction?: CompactionPolicy;
	flushDelayMs?: number;
}

export class RelayCopy {
	readonly state: CopyState = initialCopyState();
	readonly #doc: Y.Doc;
	readonly #updates: UpdateSource;
	readonly #client: StoreClient;
	readonly #cipher: CopyCipher;
	readonly #localCopy: Promise<void>;
	readonly #log: Logger;
	readonly #onChange: (state: CopyState) => void;
	readonly #flushDelayMs: number;
	readonly #knowledge = new RelayKnowledge();
	readonly #reader: CopyReader;
	readonly #writer: CopyWriter;
	readonly #controller = new AbortController();
	#relay: PeerId | null = null;
	readonly #pending = new PendingChanges(() => void this.#enqueue(() => this.#flush()));
	/** Every step (load, flush, compaction) runs after the one before. */
	#queue: Promise<void> = Promise.resolve();
	/** True once the copy was read and the difference uploaded on the current connection. */
	#loaded = false;
	readonly #logSize: LogSize;
	/** A view-only link: read the copy, never write to it. */
	readonly #readOnly: boolean;
	#stopped = false;

	constructor(options: RelayCopyOptions) {
		this.#doc = options.doc;
		this.#updates = options.updates;
		this.#client = new StoreClient(options.node, options.topicId, options.signer);
		this.#readOnly = options.signer === null;
		this.#cipher = new CopyCipher(options.cipher, options.topicId);
		this.#localCopy = options.localCopy;
		this.#log = options.logger.forComponent('whiteboard:relay-copy');
		this.#onChange = options.onChange ?? (() => {});
		this.#flushDelayMs = options.flushDelayMs ?? FLUSH_DELAY_MS;
		this.#logSize = new LogSize(options.compaction ?? DEFAULT_COMPACTION);
		this.#reader = new CopyReader({
			client: this.#client,
			cipher: this.#cipher,
			doc: this.#doc,
			checkUpdate: options.checkUpdate,
			knowledge: this.#knowledge,
			onUnusable: this.#unusable
		});
		this.#writer = new CopyWriter({
			client: this.#client,
			cipher: this.#cipher,
			doc: this.#doc,
			knowledge: this.#knowledge,
			logSize: this.#logSize
		});
		this.#updates.on(this.#onUpdate);
		const { prefetched } = options;
		this.early =
			prefetched == null ? Promise.resolve() : this.#enqueue(() => this.#preload(prefetched));
	}

	/** Settles once the copy read as the page loaded is applied or given up on (at once if none). */
	readonly early: Promise<void>;

	/** The relay connection opened: read the copy, then keep it in step. */
	attach(relay: PeerId): void {
		if (this.#stopped || this.#relay?.equals(relay) === true) return;
		this.#relay = relay;
		this.#loaded = false;
		void this.#enqueue(async () => {
			if (this.#reader.isNewRelay(relay)) {
				// Its copy is numbered its own way: what we knew of the last relay's says nothing.
				this.#logSize.compacted(0);
				Object.assign(this.state, { seq: 0, roomBytes: 0, roomLimit: 0, snapshotCovers: 0 });
			}
			await this.#load(relay);
		});
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
		this.#pending.cancel();
		return this.#enqueue(() => this.#flush());
	}

	stop(): void {
		this.#stopped = true;
		this.#updates.off(this.#onUpdate);
		this.#pending.cancel();
		this.#controller.abort();
	}

	#onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (isRemoteOrigin(origin) || this.#readOnly) return;
		this.#pending.add(update);
		if (!this.#loaded) return; // the load uploads it with everything else
		if (this.state.status === 'saved') this.#set({ status: 'saving' });
		this.#scheduleFlush(this.#flushDelayMs);
	};

	#scheduleFlush(delay: number): void {
		if (!this.#stopped) this.#pending.schedule(delay);
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
		const read = await this.#readAndApply(relay);
		if (read == null) return; // the relay keeps no copies
		performance.mark('whiteboard:relay-copy');
		this.#log('read the copy up to %d: %d entries', read.seq, read.entries.length);
		if (this.#readOnly) {
			this.#set({ status: 'read' });
			return;
		}
		await this.#localCopy;
		if (!this.#isCurrent(relay)) return;
		// The difference below holds every local change made so far.
		this.#pending.clear();
		const missing = this.#knowledge.missingFrom(this.#doc);
		if (missing != null) await this.#upload(relay, missing);
		this.#loaded = true;
		this.#set({ status: this.#pending.empty ? 'saved' : 'saving' });
		if (!this.#pending.empty) this.#scheduleFlush(0);
		if (this.#logSize.wantsCompaction()) await this.#compact(relay);
	}

	/**
	 * Applies the copy read over HTTP, unless a connection to another relay came first. The load
	 * on the relay connection then reads only what is newer, and uploads the difference.
	 */
	async #preload(prefetched: Promise<EarlyCopy>): Promise<void> {
		this.#set({ status: 'loading' });
		const early = await this.#reader.applyEarly(
			prefetched,
			(relay) => !this.#stopped && (this.#relay == null || this.#relay.toString() === relay)
		);
		if ('skipped' in early) this.#log('no early copy (%s): reading it over libp2p', early.skipped);
		else this.#set(figuresAfterRead(this.state, early.applied, this.#logSize));
	}

	/** Appends the pending local changes as one entry. */
	async #flush(): Promise<void> {
		const relay = this.#relay;
		if (relay == null || !this.#loaded || this.#pending.empty) return;
		const batch = this.#pending.take();
		try {
			await this.#upload(relay, Y.mergeUpdates(batch));
		} catch (err) {
			// Keep them for the next try (a refusal or failure is reported by #failed).
			this.#pending.putBack(batch);
			throw err;
		}
		if (this.#pending.empty) this.#set({ status: 'saved' });
		if (this.#logSize.wantsCompaction()) await this.#compact(relay);
	}

	/** Appends `update` (in pieces if it is large); a full room is compacted once first. */
	async #upload(relay: PeerId, update: Uint8Array): Promise<void> {
		await this.#writer.upload(relay, update, {
			options: () => this.#requestOptions(),
			compact: () => this.#compact(relay),
			onAck: (ack) =>
				this.#set({
					seq: Math.max(this.state.seq, ack.seq),
					roomBytes: ack.roomBytes,
					roomLimit: ack.roomLimit
				})
		});
	}

	/**
	 * Replaces the log with a snapshot: reads what is new first, so the snapshot holds every entry
	 * it says it covers. Another browser's snapshot may win the race; that is fine. True if done.
	 */
	async #compact(relay: PeerId): Promise<boolean> {
		const read = await this.#readAndApply(relay);
		if (read == null || !this.#isCurrent(relay) || read.seq === 0) return false;
		const covers = read.seq;
		if (covers <= this.state.snapshotCovers) return false;
		const options = this.#requestOptions();
		const ack = await this.#writer.snapshot(relay, covers, read.roomLimit, options);
		if (ack == null) return false; // another browser's snapshot got there first
		this.#set({ snapshotCovers: covers, lastSnapshotAt: Date.now(), roomBytes: ack.roomBytes });
		this.#log('snapshot covering %d uploaded (%d B)', covers, ack.bytes);
		return true;
	}

	/** Reads and applies what is new in the copy, and keeps the figures; null without a store. */
	async #readAndApply(relay: PeerId): Promise<CopyRead | null> {
		const read = await this.#reader.readNew(relay, this.#requestOptions());
		if (read == null) {
			this.#set({ status: 'unavailable', lastError: 'this relay keeps no copy of boards' });
			return null;
		}
		this.#set(figuresAfterRead(this.state, read, this.#logSize));
		return read;
	}

	#unusable = (message: string): void => {
		this.#log.error(message);
		this.#set({ unusable: this.state.unusable + 1, lastError: message });
	};

	#failed(err: unknown): void {
		if (this.#stopped) return;
		if (err instanceof StoreRefusedError) {
			const lastError = refusalText(err.code, err.message);
			this.#set({ status: err.code === 'rate-limited' ? 'saving' : 'refused', lastError });
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
