/**
 * Opening (decrypting, and checking against the board schema) a large copy of the relay's as the
 * page loads (room-prefetch.ts), in a worker (early-copy.worker.ts): the page asks the relay over
 * HTTP and hands each piece of the answer's body to the worker as it arrives, which opens each
 * entry as soon as it has come, so the page's main thread, busy booting the app, does no more
 * than pass the pieces on. The opened parts come back in batches (an EarlyCopy), so the page
 * applies the first while the rest is on its way. Buffers are transferred, not copied.
 */
import { buffersOf, type EarlyCopy, type OpenedCopy } from '$lib/store/copy-open';
import type { CopyRead } from '$lib/store/copy-read';
import { passPieces, type BodyPiece } from './body-pieces';

/** What the relay's answer is opened with. */
export interface EarlyCopyKey {
	storeKey: CryptoKey;
	topicId: string;
}

/** What the page posts to the worker: the key once, then the answer's body (body-pieces.ts). */
export type EarlyCopyRequest = ({ type: 'open' } & EarlyCopyKey) | BodyPiece;

/** The worker's user-timing marks of the read (whiteboard:copy-body…), at ms since the epoch. */
export type EarlyCopyMarks = { name: string; at: number }[];

/** What the worker posts, in this order: batches, then end; or failed at any point. */
export type EarlyCopyMessage =
	| { type: 'batch'; batch: OpenedCopy }
	| { type: 'end'; read: CopyRead; marks: EarlyCopyMarks }
	| { type: 'failed'; error: string; marks: EarlyCopyMarks };

/** The buffers of a read's sealed parts, to post it without a copy. */
export function readBuffers(read: CopyRead): ArrayBuffer[] {
	return buffersOf([read.snapshot?.data, ...read.entries.map((entry) => entry.data)]);
}

/** Beyond the read's own timeout, how long a worker may take to finish before it is given up on. */
const FINISH_GRACE_MS = 5_000;

/** The early-copy worker, started once a copy is known to be large. It opens one read and ends. */
export class EarlyCopyWorker {
	readonly #worker: Worker;
	readonly #stream = new BatchStream();
	#timeout: ReturnType<typeof setTimeout> | undefined;
	#reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

	constructor() {
		this.#worker = new Worker(new URL('./early-copy.worker.ts', import.meta.url), {
			type: 'module',
			name: 'early-copy'
		});
		// Its script did not load or run (offline without a cached copy, say).
		this.#worker.onerror = (event) => {
			event.preventDefault();
			this.#fail(new Error(`the worker opening the copy failed: ${event.message}`));
		};
		this.#worker.onmessage = ({ data }: MessageEvent<EarlyCopyMessage>) => this.#receive(data);
	}

	/**
	 * Has the worker open `body`, the answer of `relay` (its peer id), within `timeoutMs` (the
	 * body's own read is bounded by its request).
	 */
	open(
		relay: string,
		body: ReadableStream<Uint8Array>,
		key: EarlyCopyKey,
		timeoutMs: number
	): EarlyCopy {
		this.#post({ type: 'open', ...key });
		this.#timeout = setTimeout(
			() => this.#fail(new Error('the worker opening the copy did not finish')),
			timeoutMs + FINISH_GRACE_MS
		);
		const reader = body.getReader();
		this.#reader = reader;
		void passPieces(reader, (piece, transfer) => this.#post(piece, transfer));
		const stream = this.#stream;
		return {
			relay,
			read: stream.read,
			next: () => stream.next(),
			cancel: () => this.#fail(new Error('cancelled'))
		};
	}

	#post(request: EarlyCopyRequest, transfer: ArrayBuffer[] = []): void {
		this.#worker.postMessage(request, transfer);
	}

	end(): void {
		clearTimeout(this.#timeout);
		this.#worker.terminate();
		// Nothing more of the body is wanted (after a failure, or a cancel).
		this.#reader?.cancel().catch(() => {});
	}

	#receive(message: EarlyCopyMessage): void {
		if (message.type === 'batch') return this.#stream.push(message.batch);
		markSteps(message.marks);
		if (message.type === 'end') {
			this.end();
			performance.mark('whiteboard:copy-opened');
			this.#stream.end(message.read);
		} else {
			this.#fail(new Error(message.error));
		}
	}

	#fail(err: Error): void {
		this.end();
		this.#stream.fail(err);
	}
}

/** Batches handed out in order as they come (a platform stream), then the read; or the failure. */
class BatchStream {
	readonly read: Promise<CopyRead>;
	#settle!: { resolve(read: CopyRead): void; reject(err: Error): void };
	#batches!: ReadableStreamDefaultController<OpenedCopy>;
	readonly #reader: ReadableStreamDefaultReader<OpenedCopy>;
	#open = true;

	constructor() {
		this.read = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
		this.read.catch(() => {}); // the reader may stop before asking for it
		const stream = new ReadableStream<OpenedCopy>({ start: (c) => (this.#batches = c) });
		this.#reader = stream.getReader();
	}

	push(batch: OpenedCopy): void {
		if (this.#open) this.#batches.enqueue(batch);
	}

	end(read: CopyRead): void {
		if (!this.#open) return;
		this.#open = false;
		this.#batches.close();
		this.#settle.resolve(read);
	}

	/** Batches not handed out yet are dropped: the reader is told of the failure first. */
	fail(error: Error): void {
		if (!this.#open) return;
		this.#open = false;
		this.#batches.error(error);
		this.#settle.reject(error);
	}

	async next(): Promise<OpenedCopy | null> {
		const { done, value } = await this.#reader.read();
		return done ? null : value;
	}
}

/** The worker's steps as marks of the page (the worker's clock has another origin). */
function markSteps(marks: EarlyCopyMarks): void {
	for (const { name, at } of marks) {
		performance.mark(name, { startTime: at - performance.timeOrigin });
	}
}
