/**
 * A read of the relay's copy as it came (sealed): what the libp2p read and the HTTP read both
 * answer (store-wire.ts), and the relay's refusal. No libp2p here: the worker that opens the copy
 * read over HTTP (room/early-copy.worker.ts) imports it too.
 */
import {
	decodeAnswer,
	decodeEntry,
	StoreWireError,
	type RefusalCode,
	type StoreAnswer,
	type StoredEntry
} from './store-wire';

/** A read answer message larger than this is refused (the relay's room limit is far below). */
export const MAX_READ_MESSAGE_BYTES = 256 * 1024 * 1024;

/** The relay answered with a refusal: `code` says why (store-wire.ts, REFUSAL_CODES). */
export class StoreRefusedError extends Error {
	override name = 'StoreRefusedError';
	constructor(
		readonly code: RefusalCode,
		message: string
	) {
		super(message);
	}
}

export interface CopyRead {
	/** The highest sequence number the copy has. */
	seq: number;
	roomBytes: number;
	/** The most the relay keeps of one board. */
	roomLimit: number;
	snapshot: { covers: number; data: Uint8Array } | null;
	entries: StoredEntry[];
}

/** Told of each part of a read as it is decoded, before the rest has come (to open it at once). */
export interface ReadParts {
	snapshot?(data: Uint8Array): void;
	entry?(entry: StoredEntry): void;
}

/** The read whose header is `header`; `next` gives each message after it (snapshot, entries). */
export async function copyReadOf(
	header: Omit<Extract<StoreAnswer, { ok: true }>, 'ok'>,
	next: () => Promise<Uint8Array>,
	parts: ReadParts = {}
): Promise<CopyRead> {
	const snapshot =
		header.snapshotCovers > 0 ? { covers: header.snapshotCovers, data: await next() } : null;
	if (snapshot != null) parts.snapshot?.(snapshot.data);
	const entries: StoredEntry[] = [];
	for (let i = 0; i < header.entries; i++) {
		const entry = decodeEntry(await next());
		parts.entry?.(entry);
		entries.push(entry);
	}
	return {
		seq: header.seq,
		roomBytes: header.roomBytes,
		roomLimit: header.roomLimit,
		snapshot,
		entries
	};
}

/**
 * A whole read answer from its messages in order, as an HTTP body carries them (`next` gives
 * null after the last): the header, then the snapshot and entries it announces, nothing more.
 * Throws StoreRefusedError for the relay's refusal, StoreWireError for a malformed answer.
 */
export async function readAnswer(
	next: () => Promise<Uint8Array | null>,
	parts?: ReadParts
): Promise<CopyRead> {
	const first = await next();
	if (first == null) throw new StoreWireError('empty read answer');
	const answer = decodeAnswer(first);
	if (!answer.ok) throw new StoreRefusedError(answer.code, answer.message);
	const read = await copyReadOf(
		answer,
		async () => {
			const message = await next();
			if (message == null) throw new StoreWireError('the read answer ends early');
			return message;
		},
		parts
	);
	if ((await next()) != null) throw new StoreWireError('the read answer has trailing messages');
	return read;
}
