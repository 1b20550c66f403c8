/**
 * Opening (decrypting, and checking against the board schema) the relay's copy that the page
 * read over HTTP as it loaded (room-prefetch.ts): in a worker (early-copy.worker.ts) where the
 * browser has one, so that a large board takes the main thread no time before it is applied.
 * The read travels to the worker and back without a copy (its buffers are transferred).
 */
import type { CopyRead } from '$lib/store/copy-read';
import { openedBuffers, type OpenedCopy } from '$lib/store/copy-open';

/** What the page asks the worker: open `read` with the room's store key. */
export interface EarlyCopyRequest {
	read: CopyRead;
	/** The room's store key (RoomKey.store.key) and topic id, which the copy's AAD names. */
	storeKey: CryptoKey;
	topicId: string;
}

/** What the worker answers: the read back, and what it opened; or why it could not. */
export type EarlyCopyAnswer =
	{ ok: true; read: CopyRead; opened: OpenedCopy } | { ok: false; error: string };

/** The buffers a read's sealed bytes live in. */
export function readBuffers(read: CopyRead): ArrayBuffer[] {
	const buffers = new Set<ArrayBuffer>();
	for (const bytes of [read.snapshot?.data, ...read.entries.map((entry) => entry.data)]) {
		if (bytes?.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
	}
	return [...buffers];
}

/** The buffers of a read and of what was opened from it, to post both without a copy. */
export function answerBuffers(read: CopyRead, opened: OpenedCopy): ArrayBuffer[] {
	return [...new Set([...readBuffers(read), ...openedBuffers(opened)])];
}

/** A worker that has not answered by then is given up on (the page then reads over libp2p). */
const ANSWER_TIMEOUT_MS = 10_000;

/**
 * The early-copy worker, started as the page boots so that its script has loaded by the time the
 * copy has. It opens one read (its buffers move to the worker and back) and then ends.
 */
export class EarlyCopyWorker {
	readonly #worker: Worker;
	#failure: Error | null = null;
	#onFailure: (err: Error) => void = () => {};

	constructor() {
		this.#worker = new Worker(new URL('./early-copy.worker.ts', import.meta.url), {
			type: 'module',
			name: 'early-copy'
		});
		// Its script did not load or run (offline without a cached copy, say).
		this.#worker.onerror = (event) => {
			event.preventDefault();
			this.#failure = new Error(`the worker opening the copy failed: ${event.message}`);
			this.#onFailure(this.#failure);
		};
	}

	/** Opens `request.read` (which is unusable here until the answer gives it back). */
	open(request: EarlyCopyRequest): Promise<{ read: CopyRead; opened: OpenedCopy }> {
		return new Promise((resolve, reject) => {
			if (this.#failure != null) return reject(this.#failure);
			const timeout = setTimeout(
				() => fail(new Error('the worker opening the copy did not answer')),
				ANSWER_TIMEOUT_MS
			);
			const fail = (err: Error) => {
				clearTimeout(timeout);
				this.end();
				reject(err);
			};
			this.#onFailure = fail;
			this.#worker.onmessage = ({ data }: MessageEvent<EarlyCopyAnswer>) => {
				clearTimeout(timeout);
				this.end();
				if (data.ok) resolve(data);
				else reject(new Error(data.error));
			};
			this.#worker.postMessage(request, readBuffers(request.read));
		});
	}

	end(): void {
		this.#worker.terminate();
	}
}
