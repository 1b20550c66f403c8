import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MAX_GOSSIP_MESSAGE_BYTES } from './constants.ts';

/**
 * Messages on a room's gossipsub topic. The first varint is the message type (as in y-protocols),
 * then a length-prefixed payload. See PROTOCOL.md, "Room topic".
 */
export const ROOM_MESSAGE_DOC_UPDATE = 0;

export type RoomMessage = { type: typeof ROOM_MESSAGE_DOC_UPDATE; update: Uint8Array };

export class RoomMessageError extends Error {
	override name = 'RoomMessageError';
}

export function encodeRoomMessage(message: RoomMessage): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, message.type);
	encoding.writeVarUint8Array(encoder, message.update);
	return encoding.toUint8Array(encoder);
}

/** Decodes an untrusted room message; throws RoomMessageError on anything malformed. */
export function decodeRoomMessage(bytes: Uint8Array): RoomMessage {
	if (bytes.length > MAX_GOSSIP_MESSAGE_BYTES) {
		throw new RoomMessageError(`message of ${bytes.length} bytes exceeds the limit`);
	}
	try {
		const decoder = decoding.createDecoder(bytes);
		const type = decoding.readVarUint(decoder);
		if (type !== ROOM_MESSAGE_DOC_UPDATE)
			throw new RoomMessageError(`unknown message type ${type}`);
		const update = decoding.readVarUint8Array(decoder);
		if (decoding.hasContent(decoder)) throw new RoomMessageError('trailing bytes');
		return { type, update };
	} catch (err) {
		if (err instanceof RoomMessageError) throw err;
		throw new RoomMessageError(`malformed message: ${(err as Error).message}`);
	}
}
