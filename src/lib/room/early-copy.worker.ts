/**
 * The worker that opens the relay's copy read as the page loads (early-copy.ts): decrypting and
 * checking a large board take the main thread no time. One request, one answer; the page then
 * ends it.
 */
/// <reference lib="webworker" />
import { answerBuffers, type EarlyCopyAnswer, type EarlyCopyRequest } from './early-copy';
import { openEarlyCopy } from './early-copy-open';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async ({ data }: MessageEvent<EarlyCopyRequest>) => {
	const { read, storeKey, topicId } = data;
	let answer: EarlyCopyAnswer;
	let transfer: ArrayBuffer[] = [];
	try {
		const opened = await openEarlyCopy(read, storeKey, topicId);
		answer = { ok: true, read, opened };
		transfer = answerBuffers(read, opened);
	} catch (err) {
		answer = { ok: false, error: (err as Error).message };
	}
	self.postMessage(answer, transfer);
};
