/**
 * A read of the relay's copy as it came (sealed): what the libp2p read and the HTTP read both
 * answer (store-wire.ts), and the relay's refusal. No libp2p here: the worker that opens the copy
 * read over HTTP (room/early-copy.worker.ts) imports it too.
 */
import { decodeEntry, type RefusalCode, type StoreAnswer, type StoredEntry } from './store-wire';

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

/** The read whose header is `header`; `next` gives each message after it (snapshot, entries). */
export async function copyReadOf(
	header: Omit<Extract<StoreAnswer, { ok: true }>, 'ok'>,
	next: () => Promise<Uint8Array>
): Promise<CopyRead> {
	const snapshot =
		header.snapshotCovers > 0 ? { covers: header.snapshotCovers, data: await next() } : null;
	const entries: StoredEntry[] = [];
	for (let i = 0; i < header.entries; i++) entries.push(decodeEntry(await next()));
	return {
		seq: header.seq,
		roomBytes: header.roomBytes,
		roomLimit: header.roomLimit,
		snapshot,
		entries
	};
}
