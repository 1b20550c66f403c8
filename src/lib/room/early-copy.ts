/**
 * Opening (decrypting, and checking against the board schema) the relay's copy that the page
 * reads over HTTP as it loads (room-prefetch.ts), in a worker (early-copy.worker.ts) where the
 * browser has one: the page hands the worker each message of the answer as it arrives, the
 * worker opens each entry at once, and only applying the board is left to the main thread.
 * Buffers are transferred, not copied, both ways.
 */
import { openedBuffers, type OpenedCopy } from '$lib/store/copy-open';
import { MAX_READ_MESSAGE_BYTES, type CopyRead } from '$lib/store/copy-read';
import { FrameReader } from '$lib/store/frame-reader';

/** What the page tells the worker, in this order: open, each message, then end (or fail). */
export type EarlyCopyRequest =
	| { type: 'open'; storeKey: CryptoKey; topicId: string }
	| { type: 'message'; bytes: Uint8Array }
	| { type: 'end' }
	| { type: 'fail'; error: string };

/** What the worker answers: the read and what it opened; or why it could not. */
export type EarlyCopyAnswer =
	{ ok: true; read: CopyRead; opened: OpenedCopy } | { ok: false; error: string };

/** The buffers of a read and of what was opened from it, to post both without a copy. */
export function answerBuffers(read: CopyRead, opened: OpenedCopy): ArrayBuffer[] {
	const buffers = new Set(openedBuffers(opened));
	for (const bytes of [read.snapshot?.data, ...read.entries.map((entry) => entry.data)]) {
		if (bytes?.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
	}
	return [...buffers];
}

/** A worker that has not answered by then is given up on (the page then reads over libp2p). */
const ANSWER_TIMEOUT_MS = 10_000;

/**
 * The early-copy worker, started as the page boots so that its script has loaded by the time the
 * copy's first bytes have. It opens one read and then ends.
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

	/** Reads `body` (a read answer), handing each message to the worker as it completes. */
	async open(
		body: ReadableStream<Uint8Array>,
		key: { storeKey: CryptoKey; topicId: string }
	): Promise<{ read: CopyRead; opened: OpenedCopy }> {
		const answer = this.#answer();
		answer.catch(() => {}); // awaited below, unless reading the body fails first
		this.#post({ type: 'open', ...key });
		const frames = new FrameReader(MAX_READ_MESSAGE_BYTES);
		try {
			const reader = body.getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				for (const bytes of frames.push(value))
					this.#post({ type: 'message', bytes }, [bytes.buffer]);
			}
			frames.end();
			performance.mark('whiteboard:copy-body');
		} catch (err) {
			this.#post({ type: 'fail', error: (err as Error).message });
			this.end();
			throw err;
		}
		this.#post({ type: 'end' });
		return answer;
	}

	end(): void {
		this.#worker.terminate();
	}

	#post(request: EarlyCopyRequest, transfer: Transferable[] = []): void {
		this.#worker.postMessage(request, transfer);
	}

	#answer(): Promise<{ read: CopyRead; opened: OpenedCopy }> {
		return new Promise((resolve, reject) => {
			if (this.#failure != null) return reject(this.#failure);
			const settle = () => {
				clearTimeout(timeout);
				this.end();
			};
			const timeout = setTimeout(() => {
				settle();
				reject(new Error('the worker opening the copy did not answer'));
			}, ANSWER_TIMEOUT_MS);
			this.#onFailure = (err) => {
				settle();
				reject(err);
			};
			this.#worker.onmessage = ({ data }: MessageEvent<EarlyCopyAnswer>) => {
				settle();
				if (data.ok) resolve(data);
				else reject(new Error(data.error));
			};
		});
	}
}
