import { lpStream } from '@libp2p/utils';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { AbortOptions, Stream } from '@libp2p/interface';
import { aad, type Cipher } from '$lib/crypto/envelope';
import { ED25519_SIGNATURE_BYTES } from '$lib/crypto/room-signer';
import type { RoomWriteKey } from './room-cipher';
import {
	DEFAULT_MAX_SYNC_MESSAGE_BYTES,
	MAX_FRAME_BYTES,
	MAX_STRUCTS_PER_CHUNK,
	STATE_CHUNK_BYTES,
	SYNC_PROTOCOL
} from './constants';
import { FrameAssembler, toFrames } from './frames';
import { SYNC_ORIGIN } from './remote-origins';
import { nextStateChunk } from './state-chunks';

/** y-protocols sync message types (PROTOCOL.md, "Sync stream"). */
export const MESSAGE_SYNC_STEP_1 = 0;
export const MESSAGE_SYNC_STEP_2 = 1;
export const MESSAGE_UPDATE = 2;

export interface SyncExchangeOptions extends AbortOptions {
	/** The room's sync cipher: every frame is an envelope under it (PROTOCOL.md, "Encryption"). */
	cipher: Cipher;
	/** True on the side that opened the stream; frames are bound to their sender's role. */
	initiator: boolean;
	/**
	 * The room's write key: the document state we send is signed with it, and the state we
	 * receive is applied only if signed with it. Without a signer (a view-only link) we send our
	 * state unsigned, and the other side keeps none of it.
	 */
	writeKey: RoomWriteKey;
	/** Transaction origin for the remote state we apply. */
	origin?: unknown;
	maxMessageBytes?: number;
	/**
	 * Throws for an update that must not touch the document (the board schema). Called on every
	 * update the peer sends, before it is applied; a throw ends the exchange.
	 */
	checkUpdate?: (update: Uint8Array) => void;
	/** Size of the pieces our answer is sent in (tests use small ones). */
	chunkBytes?: number;
}

export interface SyncExchangeResult {
	/** Bytes of document state we received (the peer's updates and sync step 2). */
	receivedBytes: number;
	/** Bytes of document state we sent (our updates and sync step 2). */
	sentBytes: number;
	/** Bytes of document state the peer sent without the room's signature, not applied. */
	unsignedBytes: number;
}

export class SyncProtocolError extends Error {
	override name = 'SyncProtocolError';
}

/**
 * Runs the state-vector exchange over one stream. Both ends run this same function: each sends
 * sync step 1 (its state vector) and answers the other's step 1 with what the other lacks — a
 * series of update messages of bounded size, then sync step 2 with the rest and the delete set —
 * while it checks and applies, one by one, the updates it receives; once it has sent its whole
 * answer and applied the other's step 2 it closes its writable end. After it resolves both
 * documents hold the union of both states. See PROTOCOL.md, "Sync stream".
 */
export async function runSyncExchange(
	doc: Y.Doc,
	stream: Stream,
	options: SyncExchangeOptions
): Promise<SyncExchangeResult> {
	const { cipher, initiator, writeKey } = options;
	const origin = options.origin ?? SYNC_ORIGIN;
	const checkUpdate = options.checkUpdate ?? (() => {});
	const chunkBytes = options.chunkBytes ?? STATE_CHUNK_BYTES;
	const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_SYNC_MESSAGE_BYTES;
	// Our answer is written while we read theirs; if writing fails, reading stops too.
	const failed = new AbortController();
	const signal =
		options.signal === undefined ? failed.signal : AbortSignal.any([options.signal, failed.signal]);
	// Frames that arrive while an update is being checked and applied wait here, unread; the cap
	// is the size of one sync message (libp2p's default, 4 MiB, would close the stream when the
	// page is busy for a moment while the board streams in at full speed).
	const lp = lpStream(stream, { maxDataLength: MAX_FRAME_BYTES, maxBufferSize: maxMessageBytes });
	const assembler = new FrameAssembler(maxMessageBytes);
	const result: SyncExchangeResult = { receivedBytes: 0, sentBytes: 0, unsignedBytes: 0 };
	let sent = 0;
	let read = 0;

	const send = async (type: number, payload: Uint8Array): Promise<void> => {
		const signer = type === MESSAGE_SYNC_STEP_1 ? null : writeKey.signer;
		const signature = signer === null ? NO_SIGNATURE : await signer.sign(syncSignedBytes(payload));
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, type);
		encoding.writeVarUint8Array(encoder, payload);
		encoding.writeVarUint8Array(encoder, signature);
		for (const frame of toFrames(encoding.toUint8Array(encoder))) {
			const sealed = await cipher.seal(frame, frameAad(initiator, sent++));
			await lp.write(sealed, { signal });
		}
	};

	const answer = async (stateVector: Map<number, number>): Promise<void> => {
		// Pieces are cut from the document as it is when each is sent; the final step 2 carries
		// whatever is left (nothing, unless the document changed meanwhile) and the delete set.
		const covered = new Map(stateVector);
		for (;;) {
			const chunk = nextStateChunk(doc, covered, chunkBytes, MAX_STRUCTS_PER_CHUNK);
			if (chunk === null) break;
			result.sentBytes += chunk.length;
			await send(MESSAGE_UPDATE, chunk);
		}
		const rest = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(covered));
		result.sentBytes += rest.length;
		await send(MESSAGE_SYNC_STEP_2, rest);
	};

	const apply = (update: Uint8Array): void => {
		try {
			checkUpdate(update);
		} catch (err) {
			throw new SyncProtocolError(`refused update: ${(err as Error).message}`);
		}
		try {
			Y.applyUpdate(doc, update, origin);
		} catch (err) {
			throw new SyncProtocolError(`malformed sync message: ${(err as Error).message}`);
		}
		result.receivedBytes += update.length;
	};

	let answering: Promise<void> | null = null;
	try {
		await send(MESSAGE_SYNC_STEP_1, Y.encodeStateVector(doc));
		let received = false;
		while (!received || answering === null) {
			const sealed = await lp.read({ signal });
			// A DecryptError here ends the exchange (the caller aborts the stream): nothing applied.
			const frame = await cipher.open(sealed.subarray(), frameAad(!initiator, read++));
			const message = assembler.push(frame);
			if (message == null) continue;
			const { type, payload, signature } = readSyncMessage(message);
			if (type === MESSAGE_SYNC_STEP_1) {
				if (answering !== null) throw new SyncProtocolError('sync step 1 sent twice');
				answering = answer(decodeStateVector(payload));
				answering.catch((err: unknown) => failed.abort(err));
			} else {
				if (received) throw new SyncProtocolError('update after sync step 2');
				// State only from a write-key holder; a view-only peer's is read past, not applied.
				const signed =
					signature.length > 0 &&
					(await writeKey.verifier.verify(signature, syncSignedBytes(payload)));
				if (signed) apply(payload);
				else result.unsignedBytes += payload.length;
				received = type === MESSAGE_SYNC_STEP_2;
			}
		}
		await answering;
	} catch (err) {
		// A failed write aborts the read: report the write's error, not the abort.
		throw failed.signal.aborted ? failed.signal.reason : err;
	}
	await stream.close({ signal });
	return result;
}

/** No signature: sync step 1 (a request), and state from a view-only link. */
const NO_SIGNATURE = new Uint8Array(0);

/** What the signature of a state message covers: a context, then the update. */
function syncSignedBytes(payload: Uint8Array): Uint8Array {
	const prefix = SYNC_SIGNATURE_PREFIX;
	const out = new Uint8Array(prefix.length + payload.length);
	out.set(prefix);
	out.set(payload, prefix.length);
	return out;
}

const SYNC_SIGNATURE_PREFIX = aad(`${SYNC_PROTOCOL}\0signed state\0`);

/**
 * A whole sync message: varuint type, varbytes payload, varbytes signature (empty, or the room's
 * Ed25519 signature over the payload), nothing after it.
 */
function readSyncMessage(message: Uint8Array): {
	type: number;
	payload: Uint8Array;
	signature: Uint8Array;
} {
	try {
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		if (type !== MESSAGE_SYNC_STEP_1 && type !== MESSAGE_SYNC_STEP_2 && type !== MESSAGE_UPDATE) {
			throw new Error(`unknown message type ${type}`);
		}
		const payload = decoding.readVarUint8Array(decoder);
		const signature = decoding.readVarUint8Array(decoder);
		if (signature.length !== 0 && signature.length !== ED25519_SIGNATURE_BYTES) {
			throw new Error('a signature is 64 bytes');
		}
		if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
		return { type, payload, signature };
	} catch (err) {
		throw new SyncProtocolError(`malformed sync message: ${(err as Error).message}`);
	}
}

function decodeStateVector(payload: Uint8Array): Map<number, number> {
	try {
		return Y.decodeStateVector(payload);
	} catch (err) {
		throw new SyncProtocolError(`malformed sync message: ${(err as Error).message}`);
	}
}

/**
 * AAD of the n-th frame a side sends: protocol, sender role ('i' opened the stream, 'r' answered)
 * and sequence number, so frames cannot be dropped, reordered, reflected or replayed in a stream.
 */
export function frameAad(fromInitiator: boolean, sequence: number): Uint8Array {
	return aad(`${SYNC_PROTOCOL}\0${fromInitiator ? 'i' : 'r'}\0${sequence}`);
}
