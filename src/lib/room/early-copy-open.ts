/**
 * Opens a copy read with the room's store key and checks it against the board schema: the page
 * itself where there is no worker (room-prefetch.ts), and the early-copy worker as the read's
 * messages arrive, handing the opened parts on in batches.
 */
import { checkBoardUpdate } from '$lib/board/update-check';
import { Cipher } from '$lib/crypto/envelope';
import { CopyCipher, type SnapshotContent } from '$lib/store/copy-codec';
import {
	openCopy,
	openEntryPart,
	openSnapshotPart,
	type Opened,
	type OpenedCopy
} from '$lib/store/copy-open';
import { readAnswer, type CopyRead } from '$lib/store/copy-read';

/**
 * A batch is handed on once it holds this much plaintext, or when the parts opened so far are
 * all in it (the rest is still on its way): applying 256 KiB of board takes the page ~15 ms.
 */
export const BATCH_BYTES = 256 * 1024;

export function openEarlyCopy(
	read: CopyRead,
	storeKey: CryptoKey,
	topicId: string
): Promise<OpenedCopy> {
	return openCopy(read, new CopyCipher(new Cipher(storeKey), topicId), checkBoardUpdate);
}

type OpenedPart =
	| { snapshot: Opened<SnapshotContent>; entry?: never }
	| { entry: Opened<Uint8Array>; snapshot?: never };

/**
 * Reads a read answer from its messages as they come (`next`: null after the last), opens each
 * part as soon as it is complete, while the rest is still on its way, and hands the opened parts
 * to `onBatch` in the read's order. Resolves with the read once every batch has been handed on.
 */
export async function openStreamedCopy(
	next: () => Promise<Uint8Array | null>,
	storeKey: CryptoKey,
	topicId: string,
	onBatch: (batch: OpenedCopy) => void
): Promise<CopyRead> {
	const cipher = new CopyCipher(new Cipher(storeKey), topicId);
	const batches = new Batches(onBatch);
	try {
		return await readAnswer(next, {
			snapshot: (data) =>
				batches.push(
					openSnapshotPart(data, cipher, checkBoardUpdate).then((snapshot) => ({ snapshot }))
				),
			entry: (entry) =>
				batches.push(
					openEntryPart(entry.data, cipher, checkBoardUpdate).then((opened) => ({
						entry: opened
					}))
				)
		});
	} finally {
		await batches.handedOn();
	}
}

/** Opened parts, taken in their order and handed on in batches. */
class Batches {
	readonly #onBatch: (batch: OpenedCopy) => void;
	/** Each part is taken once the one before it has been (parts never reject: see attempt()). */
	#chain: Promise<void> = Promise.resolve();
	/** Parts pushed but not taken yet. */
	#waiting = 0;
	#batch: OpenedCopy = { snapshot: null, entries: [] };
	#bytes = 0;

	constructor(onBatch: (batch: OpenedCopy) => void) {
		this.#onBatch = onBatch;
	}

	push(part: Promise<OpenedPart>): void {
		this.#waiting++;
		this.#chain = this.#chain.then(async () => {
			this.#take(await part);
			this.#waiting--;
			// Handed on when full, or when nothing more has arrived to add to it.
			if (this.#bytes >= BATCH_BYTES || this.#waiting === 0) this.#handOn();
		});
	}

	/** Resolves once every part pushed so far has been handed on. */
	async handedOn(): Promise<void> {
		await this.#chain;
		this.#handOn();
	}

	#take(opened: OpenedPart): void {
		if (opened.snapshot !== undefined) {
			this.#batch.snapshot = opened.snapshot;
			if (opened.snapshot.ok) {
				for (const piece of opened.snapshot.value.pieces) this.#bytes += piece.length;
			}
		} else {
			this.#batch.entries.push(opened.entry);
			if (opened.entry.ok) this.#bytes += opened.entry.value.length;
		}
	}

	#handOn(): void {
		const batch = this.#batch;
		if (batch.snapshot === null && batch.entries.length === 0) return;
		this.#onBatch(batch);
		this.#batch = { snapshot: null, entries: [] };
		this.#bytes = 0;
	}
}
