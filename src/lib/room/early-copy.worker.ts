/**
 * The worker that opens a large copy of the relay's as the page passes on its HTTP answer
 * (early-copy.ts): decrypting and checking it take the page's main thread no time, each entry is
 * opened as soon as it has come, and the opened parts go to the page in batches, which it applies while
 * the rest is on its way. One read; the page then ends it.
 */
/// <reference lib="webworker" />
import { openedBuffers } from '$lib/store/copy-open';
import { MAX_READ_MESSAGE_BYTES } from '$lib/store/copy-read';
import { FrameReader } from '$lib/store/frame-reader';
import {
	readBuffers,
	type EarlyCopyKey,
	type EarlyCopyMarks,
	type EarlyCopyMessage,
	type EarlyCopyRequest
} from './early-copy';
import { PieceStream } from './body-pieces';
import { openStreamedCopy } from './early-copy-open';

declare const self: DedicatedWorkerGlobalScope;

/** The messages of `body` one at a time, as they complete; null after the last. */
function messagesOf(
	body: ReadableStream<Uint8Array>,
	onEnd: () => void
): () => Promise<Uint8Array | null> {
	const reader = body.getReader();
	const frames = new FrameReader(MAX_READ_MESSAGE_BYTES);
	const ready: Uint8Array[] = [];
	let done = false;
	return async () => {
		while (ready.length === 0 && !done) {
			const chunk = await reader.read();
			if (chunk.done) {
				frames.end();
				done = true;
				onEnd();
			} else {
				ready.push(...frames.push(chunk.value));
			}
		}
		return ready.shift() ?? null;
	};
}

/** This worker's marks (copy-http.ts sets them too), on the epoch's clock for the page. */
function readMarks(): EarlyCopyMarks {
	return performance
		.getEntriesByType('mark')
		.map((mark) => ({ name: mark.name, at: performance.timeOrigin + mark.startTime }));
}

async function read(body: ReadableStream<Uint8Array>, key: EarlyCopyKey): Promise<void> {
	const post = (message: EarlyCopyMessage, transfer: ArrayBuffer[] = []) =>
		self.postMessage(message, transfer);
	try {
		const next = messagesOf(body, () => performance.mark('whiteboard:copy-body'));
		const read = await openStreamedCopy(next, key.storeKey, key.topicId, (batch) =>
			post({ type: 'batch', batch }, openedBuffers(batch))
		);
		post({ type: 'end', read, marks: readMarks() }, readBuffers(read));
	} catch (err) {
		post({ type: 'failed', error: (err as Error).message, marks: readMarks() });
	}
}

/** The body as the page passes it on, piece by piece. */
let pieces: PieceStream | undefined;

self.onmessage = ({ data }: MessageEvent<EarlyCopyRequest>) => {
	if (data.type === 'open') {
		pieces = new PieceStream();
		void read(pieces.body, data);
	} else {
		pieces?.take(data);
	}
};
