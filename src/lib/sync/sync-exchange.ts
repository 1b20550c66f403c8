import { lpStream } from '@libp2p/utils';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import type { AbortOptions, Stream } from '@libp2p/interface';
import { aad, ENVELOPE_OVERHEAD, type Cipher } from '../crypto/envelope.ts';
import { DEFAULT_MAX_SYNC_MESSAGE_BYTES, MAX_FRAME_PAYLOAD, SYNC_PROTOCOL } from './constants.ts';
import { FrameAssembler, toFrames } from './frames.ts';
import { SYNC_ORIGIN } from './origins.ts';

export interface SyncExchangeOptions extends AbortOptions {
	/** The room's sync cipher: every frame is an envelope under it (PROTOCOL.md, "Encryption"). */
	cipher: Cipher;
	/** True on the side that opened the stream; frames are bound to their sender's role. */
	initiator: boolean;
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
	options: SyncExchangeOptions
): Promise<SyncExchangeResult> {
	const { signal, cipher, initiator } = options;
	const origin = options.origin ?? SYNC_ORIGIN;
	const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_SYNC_MESSAGE_BYTES;
	const lp = lpStream(stream, { maxDataLength: MAX_FRAME_PAYLOAD + 1 + ENVELOPE_OVERHEAD });
	const assembler = new FrameAssembler(maxMessageBytes);
	const result: SyncExchangeResult = { receivedBytes: 0, sentBytes: 0 };
	let sent = 0;
	let read = 0;

	const send = async (message: Uint8Array): Promise<void> => {
		for (const frame of toFrames(message)) {
			const sealed = await cipher.seal(frame, frameAad(initiator, sent++));
			await lp.write(sealed, { signal });
		}
	};

	const step1 = encoding.createEncoder();
	syncProtocol.writeSyncStep1(step1, doc);
	await send(encoding.toUint8Array(step1));

	let answered = false;
	let received = false;
	while (!answered || !received) {
		const sealed = await lp.read({ signal });
		// A DecryptError here ends the exchange (the caller aborts the stream): nothing applied.
		const frame = await cipher.open(sealed.subarray(), frameAad(!initiator, read++));
		const message = assembler.push(frame);
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

/**
 * AAD of the n-th frame a side sends: protocol, sender role ('i' opened the stream, 'r' answered)
 * and sequence number, so frames cannot be dropped, reordered, reflected or replayed in a stream.
 */
export function frameAad(fromInitiator: boolean, sequence: number): Uint8Array {
	return aad(`${SYNC_PROTOCOL}\0${fromInitiator ? 'i' : 'r'}\0${sequence}`);
}
