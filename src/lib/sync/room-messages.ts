import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MAX_GOSSIP_MESSAGE_BYTES } from '$lib/p2p/constants';

/**
 * Messages on a room's gossipsub topic. The first varint is the message type (as in y-protocols),
 * then a length-prefixed payload. See PROTOCOL.md, "Room messages". Each type's payload is
 * checked by the handler that RoomTopic dispatches it to.
 */
export const ROOM_MESSAGE_DOC_UPDATE = 0;
/** Presence (names, cursors): a y-protocols awareness update. Ephemeral, never in the Y.Doc. */
export const ROOM_MESSAGE_AWARENESS = 1;

export interface RoomMessage {
	type: number;
	payload: Uint8Array;
}

/**
 * A room message that must not be accepted. `reason` is the diagnostics bucket it is counted in:
 * 'malformed' for framing (and payloads that do not parse), or the refusing handler's own reason
 * ('bad-update', ...).
 */
export class RoomMessageError extends Error {
	override name = 'RoomMessageError';
	readonly reason: string;

	constructor(message: string, reason = 'malformed') {
		super(message);
		this.reason = reason;
	}
}

export function encodeRoomMessage(message: RoomMessage): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, message.type);
	encoding.writeVarUint8Array(encoder, message.payload);
	return encoding.toUint8Array(encoder);
}

/**
 * Decodes the framing of an untrusted room message (any type: whether one is known is up to the
 * handlers); throws RoomMessageError on anything malformed.
 */
export function decodeRoomMessage(bytes: Uint8Array): RoomMessage {
	if (bytes.length > MAX_GOSSIP_MESSAGE_BYTES) {
		throw new RoomMessageError(`message of ${bytes.length} bytes exceeds the limit`);
	}
	try {
		const decoder = decoding.createDecoder(bytes);
		const type = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (decoding.hasContent(decoder)) throw new RoomMessageError('trailing bytes');
		return { type, payload };
	} catch (err) {
		if (err instanceof RoomMessageError) throw err;
		throw new RoomMessageError(`malformed message: ${(err as Error).message}`);
	}
}
