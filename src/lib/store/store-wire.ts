/**
 * The `/whiteboard/store/1.0.0` wire format (PROTOCOL.md, "Relay store"), shared by the relay and
 * the browser: one request per stream, then the relay's answer. Every message is length-prefixed
 * (libp2p `lpStream`) and written with lib0's encoding. This module imports nothing but lib0, so
 * the relay (Node) and the app (Vite) both load it as it is.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const STORE_PROTOCOL = '/whiteboard/store/1.0.0';
export const STORE_WIRE_VERSION = 1;

export const OP_READ = 1;
export const OP_APPEND = 2;
export const OP_SNAPSHOT = 3;
export type StoreOp = typeof OP_READ | typeof OP_APPEND | typeof OP_SNAPSHOT;

/** Why the relay refused a request; the message that comes with it is for people. */
export const REFUSAL_CODES = [
	'malformed',
	'too-large',
	'wrong-key',
	'bad-signature',
	'room-full',
	'store-full',
	'rate-limited',
	'stale-snapshot',
	'failed'
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** Largest request or answer message other than a snapshot. */
export const MAX_STORE_HEADER_BYTES = 4 * 1024;
/** What a topic id may look like on the wire (base64url; the app's are 22 characters). */
export const TOPIC_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The path prefix of a read over HTTP: `GET <prefix><topic id>?since=<n>&generation=<0|1>`. */
export const STORE_HTTP_PATH = '/whiteboard/store/1/';
/** The HTTP answer's header with the relay's peer id (whose numbering the copy has). */
export const RELAY_PEER_HEADER = 'libp2p-peer-id';
/** Largest entry (one encrypted update): the gossip message cap. */
export const MAX_ENTRY_BYTES = 1024 * 1024;

export class StoreWireError extends Error {
	override name = 'StoreWireError';
}

export type StoreRequest =
	| { op: typeof OP_READ; topicId: string; since: number; generation: 0 | 1 }
	| { op: typeof OP_APPEND; topicId: string; signed: Signed; data: Uint8Array }
	| { op: typeof OP_SNAPSHOT; topicId: string; signed: Signed; covers: number; data: Uint8Array };

/** The room's public key and its signature over `signedBytes(...)`. */
export interface Signed {
	publicKey: Uint8Array;
	signature: Uint8Array;
}

/** What a write request's signature covers: context, operation, topic id, covers, then the data. */
export function signedBytes(
	op: typeof OP_APPEND | typeof OP_SNAPSHOT,
	topicId: string,
	covers: number,
	data: Uint8Array
): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, 'whiteboard/store/1');
	encoding.writeVarUint(encoder, op);
	encoding.writeVarString(encoder, topicId);
	encoding.writeVarUint(encoder, covers);
	encoding.writeUint8Array(encoder, data);
	return encoding.toUint8Array(encoder);
}

export function encodeRequest(request: StoreRequest): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, STORE_WIRE_VERSION);
	encoding.writeVarUint(encoder, request.op);
	encoding.writeVarString(encoder, request.topicId);
	if (request.op === OP_READ) {
		encoding.writeVarUint(encoder, request.since);
		encoding.writeVarUint(encoder, request.generation);
	} else {
		encoding.writeVarUint8Array(encoder, request.signed.publicKey);
		encoding.writeVarUint8Array(encoder, request.signed.signature);
		if (request.op === OP_SNAPSHOT) encoding.writeVarUint(encoder, request.covers);
		encoding.writeVarUint8Array(encoder, request.data);
	}
	return encoding.toUint8Array(encoder);
}

/** Throws StoreWireError for anything but one well-formed request. */
export function decodeRequest(bytes: Uint8Array): StoreRequest {
	return strict(bytes, (decoder) => {
		const version = decoding.readVarUint(decoder);
		if (version !== STORE_WIRE_VERSION) throw new StoreWireError(`unknown version ${version}`);
		const op = decoding.readVarUint(decoder);
		const topicId = decoding.readVarString(decoder);
		if (!TOPIC_ID_PATTERN.test(topicId)) throw new StoreWireError('malformed topic id');
		if (op === OP_READ) {
			const since = decoding.readVarUint(decoder);
			const generation = decoding.readVarUint(decoder);
			if (generation !== 0 && generation !== 1) throw new StoreWireError('unknown generation');
			return { op, topicId, since, generation };
		}
		if (op !== OP_APPEND && op !== OP_SNAPSHOT) throw new StoreWireError(`unknown op ${op}`);
		const signed = {
			publicKey: decoding.readVarUint8Array(decoder),
			signature: decoding.readVarUint8Array(decoder)
		};
		if (op === OP_APPEND) return { op, topicId, signed, data: decoding.readVarUint8Array(decoder) };
		const covers = decoding.readVarUint(decoder);
		return { op, topicId, signed, covers, data: decoding.readVarUint8Array(decoder) };
	});
}

/** The answer's first message: accepted (with figures) or refused (with a reason). */
export type StoreAnswer =
	| {
			ok: true;
			/** Append: the entry's sequence number; snapshot: what it covers; read: the highest. */
			seq: number;
			/** Bytes the relay holds for the room now, and the most it keeps for one room. */
			roomBytes: number;
			roomLimit: number;
			/** Read only: the snapshot that follows (0 = none) and how many entries follow it. */
			snapshotCovers: number;
			entries: number;
	  }
	| { ok: false; code: RefusalCode; message: string };

export function encodeAnswer(answer: StoreAnswer): Uint8Array {
	const encoder = encoding.createEncoder();
	if (answer.ok) {
		encoding.writeVarUint(encoder, 0);
		encoding.writeVarUint(encoder, answer.seq);
		encoding.writeVarUint(encoder, answer.roomBytes);
		encoding.writeVarUint(encoder, answer.roomLimit);
		encoding.writeVarUint(encoder, answer.snapshotCovers);
		encoding.writeVarUint(encoder, answer.entries);
	} else {
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarString(encoder, answer.code);
		encoding.writeVarString(encoder, answer.message.slice(0, 500));
	}
	return encoding.toUint8Array(encoder);
}

export function decodeAnswer(bytes: Uint8Array): StoreAnswer {
	return strict(bytes, (decoder) => {
		const status = decoding.readVarUint(decoder);
		if (status === 0) {
			return {
				ok: true,
				seq: decoding.readVarUint(decoder),
				roomBytes: decoding.readVarUint(decoder),
				roomLimit: decoding.readVarUint(decoder),
				snapshotCovers: decoding.readVarUint(decoder),
				entries: decoding.readVarUint(decoder)
			};
		}
		if (status !== 1) throw new StoreWireError(`unknown status ${status}`);
		const code = decoding.readVarString(decoder);
		const message = decoding.readVarString(decoder);
		const known = REFUSAL_CODES.find((candidate) => candidate === code);
		return { ok: false, code: known ?? 'failed', message };
	});
}

/** One log entry of a read answer. */
export interface StoredEntry {
	seq: number;
	data: Uint8Array;
}

export function encodeEntry(entry: StoredEntry): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entry.seq);
	encoding.writeVarUint8Array(encoder, entry.data);
	return encoding.toUint8Array(encoder);
}

export function decodeEntry(bytes: Uint8Array): StoredEntry {
	return strict(bytes, (decoder) => ({
		seq: decoding.readVarUint(decoder),
		data: decoding.readVarUint8Array(decoder)
	}));
}

function strict<T>(bytes: Uint8Array, read: (decoder: decoding.Decoder) => T): T {
	const decoder = decoding.createDecoder(bytes);
	let value: T;
	try {
		value = read(decoder);
	} catch (err) {
		if (err instanceof StoreWireError) throw err;
		throw new StoreWireError(`truncated or malformed message (${(err as Error).message})`);
	}
	if (decoding.hasContent(decoder)) throw new StoreWireError('trailing bytes');
	return value;
}

/**
 * The body of a read over HTTP: the messages the libp2p stream would carry, each prefixed with
 * its length as an unsigned varint, exactly as on the stream.
 */
export function frameMessages(messages: readonly Uint8Array[]): Uint8Array {
	const encoder = encoding.createEncoder();
	for (const message of messages) encoding.writeVarUint8Array(encoder, message);
	return encoding.toUint8Array(encoder);
}

/**
 * The same bytes as `frameMessages`, as parts to write one after the other: each length prefix,
 * then the message itself, not copied (a board's read is megabytes).
 */
export function framedParts(messages: readonly Uint8Array[]): Uint8Array[] {
	const parts: Uint8Array[] = [];
	for (const message of messages) {
		const prefix = encoding.createEncoder();
		encoding.writeVarUint(prefix, message.length);
		parts.push(encoding.toUint8Array(prefix), message);
	}
	return parts;
}

/** The messages of an HTTP read body; throws StoreWireError for a truncated body. */
export function unframeMessages(body: Uint8Array): Uint8Array[] {
	const decoder = decoding.createDecoder(body);
	const messages: Uint8Array[] = [];
	while (decoding.hasContent(decoder)) {
		let length: number;
		try {
			length = decoding.readVarUint(decoder);
		} catch (err) {
			throw new StoreWireError(`truncated read body (${(err as Error).message})`);
		}
		// lib0 would hand back a shorter view past the end instead of failing.
		if (decoder.pos + length > body.length) throw new StoreWireError('truncated read body');
		messages.push(decoding.readUint8Array(decoder, length));
	}
	return messages;
}
