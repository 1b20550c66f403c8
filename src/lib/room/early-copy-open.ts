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
	const handedOn = batches.run();
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
		batches.close();
		await handedOn;
	}
}

/** Opened parts, awaited in their order and handed on in batches. */
class Batches {
	readonly #onBatch: (batch: OpenedCopy) => void;
	readonly #parts: Promise<OpenedPart>[] = [];
	#closed = false;
	#wake: () => void = () => {};

	constructor(onBatch: (batch: OpenedCopy) => void) {
		this.#onBatch = onBatch;
	}

	push(part: Promise<OpenedPart>): void {
		this.#parts.push(part);
		this.#wake();
	}

	/** No more parts: run() hands on the last batch and returns. */
	close(): void {
		this.#closed = true;
		this.#wake();
	}

	async run(): Promise<void> {
		let batch: OpenedCopy = { snapshot: null, entries: [] };
		let bytes = 0;
		const handOn = () => {
			if (batch.snapshot === null && batch.entries.length === 0) return;
			this.#onBatch(batch);
			batch = { snapshot: null, entries: [] };
			bytes = 0;
		};
		for (;;) {
			const part = this.#parts.shift();
			if (part === undefined) {
				handOn();
				if (this.#closed) return;
				await new Promise<void>((resolve) => (this.#wake = resolve));
				continue;
			}
			const opened = await part;
			if (opened.snapshot !== undefined) {
				batch.snapshot = opened.snapshot;
				if (opened.snapshot.ok)
					for (const piece of opened.snapshot.value.pieces) bytes += piece.length;
			} else {
				batch.entries.push(opened.entry);
				if (opened.entry.ok) bytes += opened.entry.value.length;
			}
			if (bytes >= BATCH_BYTES) handOn();
		}
	}
}
