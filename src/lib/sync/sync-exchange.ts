import { lpStream } from '@libp2p/utils';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import type { AbortOptions, Stream } from '@libp2p/interface';
import { DEFAULT_MAX_SYNC_MESSAGE_BYTES, MAX_FRAME_PAYLOAD } from './constants.ts';
import { FrameAssembler, toFrames } from './frames.ts';
import { SYNC_ORIGIN } from './origins.ts';

export interface SyncExchangeOptions extends AbortOptions {
	/** Transaction origin for the remote state we apply. */
	origin?: unknown;
	maxMessageBytes?: number;
}

export interface SyncExchangeResult {
	/** Bytes of document state we received (the peer's sync step 2). */
	receivedBytes: number;
	/** Bytes of document state we sent (our sync step 2). */
	sentBytes: number;
}

export class SyncProtocolError extends Error {
	override name = 'SyncProtocolError';
}

/**
 * Runs the y-protocols state-vector exchange over one stream. Both ends run this same function:
 * each sends sync step 1 (its state vector), answers the other's step 1 with step 2 (what the other
 * lacks), applies the step 2 it receives, then closes its writable end. After it resolves both
 * documents hold the union of both states. See PROTOCOL.md, "Sync stream".
 */
export async function runSyncExchange(
	doc: Y.Doc,
	stream: Stream,
	options: SyncExchangeOptions = {}
): Promise<SyncExchangeResult> {
	const { signal } = options;
	const origin = options.origin ?? SYNC_ORIGIN;
	const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_SYNC_MESSAGE_BYTES;
	const lp = lpStream(stream, { maxDataLength: MAX_FRAME_PAYLOAD + 1 });
	const assembler = new FrameAssembler(maxMessageBytes);
	const result: SyncExchangeResult = { receivedBytes: 0, sentBytes: 0 };

	const send = async (message: Uint8Array): Promise<void> => {
		for (const frame of toFrames(message)) await lp.write(frame, { signal });
	};

	const step1 = encoding.createEncoder();
	syncProtocol.writeSyncStep1(step1, doc);
	await send(encoding.toUint8Array(step1));

	let answered = false;
	let received = false;
	while (!answered || !received) {
		const frame = await lp.read({ signal });
		const message = assembler.push(frame.subarray());
		if (message == null) continue;
		const decoder = decoding.createDecoder(message);
		const reply = encoding.createEncoder();
		let type: number;
		try {
			type = syncProtocol.readSyncMessage(decoder, reply, doc, origin, (err) => {
				throw err;
			});
		} catch (err) {
			throw new SyncProtocolError(`malformed sync message: ${(err as Error).message}`);
		}
		if (type === syncProtocol.messageYjsSyncStep1) {
			const answer = encoding.toUint8Array(reply);
			result.sentBytes = answer.length;
			await send(answer);
			answered = true;
		} else if (type === syncProtocol.messageYjsSyncStep2) {
			result.receivedBytes = message.length;
			received = true;
		}
		// messageYjsUpdate is legal but unused on this stream: updates travel over gossip.
	}
	await stream.close({ signal });
	return result;
}
