import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AwarenessUpdateError, decodeAwarenessUpdate } from '$lib/presence/awareness-codec';
import { MAX_GOSSIP_MESSAGE_BYTES } from '$lib/p2p/constants';
import { parsePresenceState } from '$lib/presence/presence-state';

/**
 * Messages on a room's gossipsub topic. The first varint is the message type (as in y-protocols),
 * then a length-prefixed payload. See PROTOCOL.md, "Room messages".
 */
export const ROOM_MESSAGE_DOC_UPDATE = 0;
/** Presence (names, cursors): a y-protocols awareness update. Ephemeral, never in the Y.Doc. */
export const ROOM_MESSAGE_AWARENESS = 1;

export type RoomMessage =
	| { type: typeof ROOM_MESSAGE_DOC_UPDATE; update: Uint8Array }
	| { type: typeof ROOM_MESSAGE_AWARENESS; update: Uint8Array };

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
		if (type !== ROOM_MESSAGE_DOC_UPDATE && type !== ROOM_MESSAGE_AWARENESS) {
			throw new RoomMessageError(`unknown message type ${type}`);
		}
		const update = decoding.readVarUint8Array(decoder);
		if (decoding.hasContent(decoder)) throw new RoomMessageError('trailing bytes');
		if (type === ROOM_MESSAGE_AWARENESS) checkAwarenessUpdate(update);
		return { type, update };
	} catch (err) {
		if (err instanceof RoomMessageError) throw err;
		throw new RoomMessageError(`malformed message: ${(err as Error).message}`);
	}
}

/**
 * Unlike a Yjs update (which only Yjs can judge), an awareness update is small and fully checked
 * here, so the topic validator rejects a bad one before it is forwarded to anyone else.
 */
function checkAwarenessUpdate(update: Uint8Array): void {
	try {
		for (const { clientId, state } of decodeAwarenessUpdate(update)) {
			if (state !== null && parsePresenceState(state) == null) {
				throw new RoomMessageError(`invalid presence state for client ${clientId}`);
			}
		}
	} catch (err) {
		if (err instanceof AwarenessUpdateError) throw new RoomMessageError(err.message);
		throw err;
	}
}
