/**
 * Opens a read of the relay's copy before anything of it is applied: decrypts the snapshot and
 * every entry and checks each update against the board schema. It touches no document, so the
 * same code runs in the worker that opens the copy read as the page loads
 * (room/early-copy.worker.ts) and on the main thread for reads over libp2p (copy-reader.ts).
 */
import type { CopyCipher, SnapshotContent } from './copy-codec';
import type { HttpCopyRead } from './copy-http';
import type { CopyRead } from './copy-read';

/** What one part of a read became: its plaintext, or why it cannot be used. */
export type Opened<T> = { ok: true; value: T } | { ok: false; error: string };

export interface OpenedCopy {
	/** Null when the read has no snapshot. */
	snapshot: Opened<SnapshotContent> | null;
	/** One per entry of the read, in its order. */
	entries: Opened<Uint8Array>[];
}

/** A copy read over HTTP as the page loaded, opened (room/room-prefetch.ts). */
export type OpenedHttpCopy = HttpCopyRead & { opened: OpenedCopy };

/**
 * A copy being read and opened as the page loads (room/room-prefetch.ts), handed out in batches
 * of opened parts as they come, so that applying the first ones overlaps reading the rest. Each
 * batch is an OpenedCopy: the snapshot (if the read has one) only in the first.
 */
export interface EarlyCopy {
	/** The relay's peer id, as it said. */
	readonly relay: string;
	/** The next batch in the read's order; null after the last. Rejects if the read failed. */
	next(): Promise<OpenedCopy | null>;
	/** The read (its figures and sealed parts), once every part has come. */
	readonly read: Promise<CopyRead>;
	/** Nothing more is wanted: stops reading. */
	cancel(): void;
}

/** A copy read and opened whole, as one batch. */
export function wholeCopy(copy: OpenedHttpCopy): EarlyCopy {
	let batch: OpenedCopy | null = copy.opened;
	return {
		relay: copy.relay,
		read: Promise.resolve(copy.read),
		next: async () => {
			const next = batch;
			batch = null;
			return next;
		},
		cancel: () => {}
	};
}

/** Throws for an update that must not be applied (checkBoardUpdate). */
export type UpdateCheck = (update: Uint8Array) => void;

export async function openCopy(
	read: Pick<CopyRead, 'snapshot' | 'entries'>,
	cipher: CopyCipher,
	checkUpdate: UpdateCheck
): Promise<OpenedCopy> {
	// The platform decrypts off the calling thread: everything at once, each checked as it opens.
	const [snapshot, entries] = await Promise.all([
		read.snapshot == null ? null : openSnapshotPart(read.snapshot.data, cipher, checkUpdate),
		Promise.all(read.entries.map((entry) => openEntryPart(entry.data, cipher, checkUpdate)))
	]);
	return { snapshot, entries };
}

/** One sealed snapshot, opened and every piece checked. */
export function openSnapshotPart(
	sealed: Uint8Array,
	cipher: CopyCipher,
	checkUpdate: UpdateCheck
): Promise<Opened<SnapshotContent>> {
	return attempt(async () => {
		const content = await cipher.openSnapshot(sealed);
		for (const piece of content.pieces) checkUpdate(piece);
		return content;
	});
}

/** One sealed entry, opened and checked. */
export function openEntryPart(
	sealed: Uint8Array,
	cipher: CopyCipher,
	checkUpdate: UpdateCheck
): Promise<Opened<Uint8Array>> {
	return attempt(async () => {
		const update = await cipher.openEntry(sealed);
		checkUpdate(update);
		return update;
	});
}

/** The distinct buffers `parts` live in, to post them from or to a worker without a copy. */
export function buffersOf(parts: Iterable<Uint8Array | undefined>): ArrayBuffer[] {
	const buffers = new Set<ArrayBuffer>();
	for (const bytes of parts) if (bytes?.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
	return [...buffers];
}

/** The buffers an opened copy's plaintext lives in. */
export function openedBuffers(opened: OpenedCopy): ArrayBuffer[] {
	const pieces = opened.snapshot?.ok === true ? opened.snapshot.value.pieces : [];
	return buffersOf([
		...pieces,
		...opened.entries.map((entry) => (entry.ok ? entry.value : undefined))
	]);
}

async function attempt<T>(work: () => Promise<T>): Promise<Opened<T>> {
	try {
		return { ok: true, value: await work() };
	} catch (err) {
		return { ok: false, error: (err as Error).message };
	}
}
