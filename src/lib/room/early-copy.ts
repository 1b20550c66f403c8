/**
 * Reading and opening (decrypting, and checking against the board schema) the relay's copy as
 * the page loads (room-prefetch.ts), in a worker (early-copy.worker.ts) where the browser has
 * one: the worker fetches the HTTP answer itself and opens each entry as soon as it has come, so
 * the page's main thread, busy booting the app, neither reads the body nor decrypts it; only
 * applying the board is left to it. Buffers are transferred, not copied.
 */
import type { RelayOrigin } from '$lib/store/copy-http';
import { openedBuffers, type OpenedHttpCopy } from '$lib/store/copy-open';

/** What the page asks the worker, once. */
export interface EarlyCopyRequest {
	relay: RelayOrigin;
	storeKey: CryptoKey;
	topicId: string;
	/** The whole read (request and body) must be done by then. */
	timeoutMs: number;
}

/** The worker's user-timing marks of the read (whiteboard:copy-request…), at ms since the epoch. */
export type EarlyCopyMarks = { name: string; at: number }[];

/** What the worker answers: the relay, the read and what it opened; or why it could not. */
export type EarlyCopyAnswer =
	| ({ ok: true; marks: EarlyCopyMarks } & OpenedHttpCopy)
	| { ok: false; error: string; marks: EarlyCopyMarks };

/** The buffers of a read and of what was opened from it, to post both without a copy. */
export function answerBuffers(copy: OpenedHttpCopy): ArrayBuffer[] {
	const { read, opened } = copy;
	const buffers = new Set(openedBuffers(opened));
	for (const bytes of [read.snapshot?.data, ...read.entries.map((entry) => entry.data)]) {
		if (bytes?.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
	}
	return [...buffers];
}

/** Beyond the read's own timeout, how long a worker may take to answer before it is given up on. */
const ANSWER_GRACE_MS = 5_000;

/**
 * The early-copy worker, started as the page boots so that its script has loaded by the time the
 * room key is known. It reads one copy and then ends.
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

	/** Has the worker read `request.topicId`'s copy from `request.relay` and open it. */
	read(request: EarlyCopyRequest): Promise<OpenedHttpCopy> {
		const answer = this.#answer(request.timeoutMs + ANSWER_GRACE_MS);
		this.#worker.postMessage(request);
		return answer;
	}

	end(): void {
		this.#worker.terminate();
	}

	#answer(timeoutMs: number): Promise<OpenedHttpCopy> {
		return new Promise((resolve, reject) => {
			if (this.#failure != null) return reject(this.#failure);
			const settle = () => {
				clearTimeout(timeout);
				this.end();
			};
			const timeout = setTimeout(() => {
				settle();
				reject(new Error('the worker opening the copy did not answer'));
			}, timeoutMs);
			this.#onFailure = (err) => {
				settle();
				reject(err);
			};
			this.#worker.onmessage = ({ data }: MessageEvent<EarlyCopyAnswer>) => {
				settle();
				markSteps(data.marks);
				if (data.ok) resolve({ relay: data.relay, read: data.read, opened: data.opened });
				else reject(new Error(data.error));
			};
		});
	}
}

/** The worker's steps as marks of the page (the worker's clock has another origin). */
function markSteps(marks: EarlyCopyMarks): void {
	for (const { name, at } of marks)
		performance.mark(name, { startTime: at - performance.timeOrigin });
}
