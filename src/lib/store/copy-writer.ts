/**
 * Writes to the relay's copy of a board: seals and appends one entry, or seals the whole document
 * as a snapshot. What the relay acknowledged goes into RelayKnowledge and the log size, and the
 * acknowledgement to the caller.
 */
import type { AbortOptions, PeerId } from '@libp2p/interface';
import type * as Y from 'yjs';
import { snapshotOf, type CopyCipher } from './copy-codec';
import type { LogSize } from './copy-state';
import type { RelayKnowledge } from './relay-knowledge';
import { StoreRefusedError } from './copy-read';
import type { StoreClient, WriteAck } from './store-client';
import { MAX_ENTRY_BYTES } from './store-wire';

/** Plaintext of one uploaded piece: an entry is at most MAX_ENTRY_BYTES sealed. */
const PIECE_BYTES = MAX_ENTRY_BYTES - 64 * 1024;

export interface CopyWriterOptions {
	client: StoreClient;
	cipher: CopyCipher;
	doc: Y.Doc;
	knowledge: RelayKnowledge;
	logSize: LogSize;
}

export class CopyWriter {
	readonly #options: CopyWriterOptions;

	constructor(options: CopyWriterOptions) {
		this.#options = options;
	}

	/**
	 * Appends `update` as one entry, or, if it is too large for one, the same state in pieces (a
	 * whole board that was never uploaded). A full room is compacted once (`compact`, true if it
	 * did) and the append retried. `onAck` hears each acknowledgement.
	 */
	async upload(
		relay: PeerId,
		update: Uint8Array,
		how: {
			options: () => AbortOptions;
			compact: () => Promise<boolean>;
			onAck: (ack: WriteAck) => void;
		}
	): Promise<void> {
		const { doc, knowledge } = this.#options;
		const pieces =
			update.length <= PIECE_BYTES ? [update] : knowledge.missingPieces(doc, PIECE_BYTES);
		for (const piece of pieces) {
			try {
				how.onAck(await this.append(relay, piece, how.options()));
			} catch (err) {
				if (!(err instanceof StoreRefusedError) || err.code !== 'room-full') throw err;
				if (!(await how.compact())) throw err;
				how.onAck(await this.append(relay, piece, how.options()));
			}
		}
	}

	/** Appends one update (v1) as an entry. */
	async append(relay: PeerId, update: Uint8Array, options: AbortOptions): Promise<WriteAck> {
		const { client, cipher, knowledge, logSize } = this.#options;
		const sealed = await cipher.sealEntry(update);
		const ack = await client.append(relay, sealed, options);
		knowledge.add(update);
		logSize.appended(sealed.length);
		return ack;
	}

	/**
	 * Uploads the document as a snapshot covering every entry up to `covers` (the caller has read
	 * and applied them). Null if another browser's snapshot got there first; throws room-full
	 * without sending when the snapshot is larger than the relay keeps of a board.
	 */
	async snapshot(
		relay: PeerId,
		covers: number,
		roomLimit: number,
		options: AbortOptions
	): Promise<(WriteAck & { bytes: number }) | null> {
		const { client, cipher, doc, logSize } = this.#options;
		const sealed = await cipher.sealSnapshot(snapshotOf(doc));
		if (roomLimit > 0 && sealed.length > roomLimit) {
			throw new StoreRefusedError('room-full', 'the board is larger than the relay keeps');
		}
		try {
			const ack = await client.snapshot(relay, covers, sealed, options);
			logSize.compacted(sealed.length);
			return { ...ack, bytes: sealed.length };
		} catch (err) {
			if (err instanceof StoreRefusedError && err.code === 'stale-snapshot') return null;
			throw err;
		}
	}
}
