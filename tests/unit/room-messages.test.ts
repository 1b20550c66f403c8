import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_GOSSIP_MESSAGE_BYTES } from '../../src/lib/p2p/constants.ts';
import {
	decodeRoomMessage,
	encodeRoomMessage,
	ROOM_MESSAGE_AWARENESS,
	ROOM_MESSAGE_DOC_UPDATE,
	RoomMessageError
} from '../../src/lib/sync/room-messages.ts';

function withType(type: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

describe('room messages', () => {
	it('round-trips a document update (type 0) and a presence payload (type 1)', () => {
		const doc = new Y.Doc();
		doc.getMap('elements').set('a', 1);
		const update = Y.encodeStateAsUpdate(doc);
		const bytes = encodeRoomMessage({ type: ROOM_MESSAGE_DOC_UPDATE, payload: update });
		expect(bytes[0]).toBe(0);
		expect(decodeRoomMessage(bytes)).toEqual({ type: ROOM_MESSAGE_DOC_UPDATE, payload: update });
		const presence = encodeRoomMessage({ type: ROOM_MESSAGE_AWARENESS, payload: Uint8Array.of(5) });
		expect(presence).toEqual(Uint8Array.of(1, 1, 5));
		expect(decodeRoomMessage(presence)).toEqual({ type: 1, payload: Uint8Array.of(5) });
	});

	it('decodes the framing of any type: whether a type is known is up to the room topic', () => {
		expect(decodeRoomMessage(withType(7, Uint8Array.of(1)))).toEqual({
			type: 7,
			payload: Uint8Array.of(1)
		});
	});

	it('rejects trailing bytes, truncated payloads and oversized messages as malformed', () => {
		const good = withType(1, Uint8Array.of(1, 2, 3));
		const bad = [
			new Uint8Array([...good, 0]),
			good.subarray(0, good.length - 1),
			new Uint8Array([1]),
			new Uint8Array(),
			withType(0, new Uint8Array(MAX_GOSSIP_MESSAGE_BYTES))
		];
		for (const bytes of bad) {
			expect(() => decodeRoomMessage(bytes)).toThrow(RoomMessageError);
			try {
				decodeRoomMessage(bytes);
			} catch (err) {
				expect((err as RoomMessageError).reason).toBe('malformed');
			}
		}
	});
});
