/**
 * Writes a doc's updates to y-indexeddb as it does itself, except those `batched` picks: updates
 * that came from peers, which those peers and the relay's copy also hold. Those are merged and
 * written together once `delayMs` has passed, so a stream of other people's strokes costs one
 * IndexedDB transaction every `delayMs` instead of one per stroke (~0.9 ms of main thread each,
 * measured in a CPU profile of a receiving page: work that delayed the next stroke's arrival).
 * A local update first writes whatever is pending, then itself, at once; `stop()` writes the rest.
 */
import * as Y from 'yjs';

/** What of y-indexeddb's IndexeddbPersistence this uses: its own update handler. */
export interface UpdateWriter {
	_storeUpdate: (update: Uint8Array, origin: unknown) => void;
}

/** The origin the merged updates are written with (anything but the persistence itself). */
const BATCH_ORIGIN = Symbol('persistence:batch');
/**
 * Up to this many pending bytes are merged into one write; more (the pieces of a whole board
 * arriving) are written one by one: merging megabytes would cost more than the writes it saves.
 */
const MAX_MERGED_BYTES = 64 * 1024;

export class BatchedWrites {
	readonly #doc: Y.Doc;
	readonly #writer: UpdateWriter;
	readonly #batched: (origin: unknown) => boolean;
	readonly #delayMs: number;
	#pending: Uint8Array[] = [];
	#timer: ReturnType<typeof setTimeout> | undefined;

	/** Takes over y-indexeddb's 'update' listener on `doc`. */
	constructor(
		doc: Y.Doc,
		writer: UpdateWriter,
		batched: (origin: unknown) => boolean,
		delayMs: number
	) {
		this.#doc = doc;
		this.#writer = writer;
		this.#batched = batched;
		this.#delayMs = delayMs;
		doc.off('update', writer._storeUpdate);
		doc.on('update', this.#onUpdate);
	}

	/** Writes what is pending now. */
	flush = (): void => {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		const pending = this.#pending;
		if (pending.length === 0) return;
		this.#pending = [];
		const bytes = pending.reduce((sum, update) => sum + update.byteLength, 0);
		if (pending.length > 1 && bytes <= MAX_MERGED_BYTES) {
			this.#writer._storeUpdate(Y.mergeUpdates(pending), BATCH_ORIGIN);
			return;
		}
		for (const update of pending) this.#writer._storeUpdate(update, BATCH_ORIGIN);
	};

	/** Writes what is pending and stops listening (before y-indexeddb is destroyed). */
	stop(): void {
		this.#doc.off('update', this.#onUpdate);
		this.flush();
	}

	#onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (!this.#batched(origin)) {
			this.flush();
			this.#writer._storeUpdate(update, origin);
			return;
		}
		this.#pending.push(update);
		this.#timer ??= setTimeout(this.flush, this.#delayMs);
	};
}
