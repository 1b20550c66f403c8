/** What the browser knows of the relay's copy of a board, as Diagnostics and the header show it. */
import type { RefusalCode } from './store-wire';

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
	| 'error'
	/** Read (a view-only link): this browser never writes to the copy. */
	| 'read';

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

export function initialCopyState(): CopyState {
	return {
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
}

/** What a refusal means for the user: a limit is said plainly, anything else with its reason. */
export function refusalText(code: RefusalCode, message: string): string {
	return code === 'room-full' || code === 'store-full'
		? 'this relay keeps no more of this board; it stays in your browser and with peers'
		: `the relay refused: ${message} (${code})`;
}

/** How large the relay's log after its snapshot is, as far as this browser knows: when to compact. */
export class LogSize {
	readonly #policy: CompactionPolicy;
	#entries = 0;
	#bytes = 0;
	#snapshotBytes = 0;

	constructor(policy: CompactionPolicy) {
		this.#policy = policy;
	}

	/** A read that returned the whole log after the snapshot (and the snapshot, if any). */
	read(copy: { snapshot: { data: Uint8Array } | null; entries: { data: Uint8Array }[] }): void {
		this.#entries = copy.entries.length;
		this.#bytes = copy.entries.reduce((sum, entry) => sum + entry.data.length, 0);
		if (copy.snapshot != null) this.#snapshotBytes = copy.snapshot.data.length;
	}

	appended(bytes: number): void {
		this.#entries++;
		this.#bytes += bytes;
	}

	compacted(snapshotBytes: number): void {
		this.#entries = 0;
		this.#bytes = 0;
		this.#snapshotBytes = snapshotBytes;
	}

	wantsCompaction(): boolean {
		const { maxEntries, minBytes } = this.#policy;
		if (this.#entries === 0) return false;
		return (
			this.#entries >= maxEntries || this.#bytes >= Math.max(minBytes, this.#snapshotBytes / 2)
		);
	}
}

/** The state's figures after a read was applied; the log size learns the log's length. */
export function figuresAfterRead(
	state: CopyState,
	read: {
		since: number;
		seq: number;
		roomBytes: number;
		roomLimit: number;
		snapshot: { covers: number; data: Uint8Array } | null;
		entries: { data: Uint8Array }[];
	},
	logSize: LogSize
): Partial<CopyState> {
	// With a snapshot, or from the start, the whole log after the snapshot was read.
	if (read.snapshot != null || read.since === 0) logSize.read(read);
	return {
		seq: Math.max(state.seq, read.seq),
		roomBytes: read.roomBytes,
		roomLimit: read.roomLimit,
		snapshotCovers: Math.max(state.snapshotCovers, read.snapshot?.covers ?? 0),
		entriesRead: state.entriesRead + read.entries.length
	};
}
