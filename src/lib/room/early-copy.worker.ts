/**
 * The worker that opens the relay's copy as the page reads it (early-copy.ts): decrypting and
 * checking a large board take the main thread no time, and each entry is opened as soon as it
 * has come. One read, one answer; the page then ends it.
 */
/// <reference lib="webworker" />
import { answerBuffers, type EarlyCopyAnswer, type EarlyCopyRequest } from './early-copy';
import { openStreamedCopy } from './early-copy-open';

declare const self: DedicatedWorkerGlobalScope;

/** The messages the page posts, handed out in order; null once it said the answer ended. */
const messages: Uint8Array[] = [];
let ended: { error: string | null } | null = null;
let wake: () => void = () => {};

async function nextMessage(): Promise<Uint8Array | null> {
	for (;;) {
		const message = messages.shift();
		if (message !== undefined) return message;
		if (ended?.error != null) throw new Error(ended.error);
		if (ended !== null) return null;
		await new Promise<void>((resolve) => (wake = resolve));
	}
}

async function open(storeKey: CryptoKey, topicId: string): Promise<void> {
	let answer: EarlyCopyAnswer;
	let transfer: ArrayBuffer[] = [];
	try {
		const { read, opened } = await openStreamedCopy(nextMessage, storeKey, topicId);
		answer = { ok: true, read, opened };
		transfer = answerBuffers(read, opened);
	} catch (err) {
		answer = { ok: false, error: (err as Error).message };
	}
	self.postMessage(answer, transfer);
}

self.onmessage = ({ data }: MessageEvent<EarlyCopyRequest>) => {
	if (data.type === 'open') void open(data.storeKey, data.topicId);
	else if (data.type === 'message') messages.push(data.bytes);
	else ended = { error: data.type === 'fail' ? data.error : null };
	wake();
};
