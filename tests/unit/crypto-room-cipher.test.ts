import { describe, expect, it } from 'vitest';
import { DecryptError } from '../../src/lib/crypto/envelope.ts';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';
import { gossipSignedBytes, RoomCipher, SignatureError } from '../../src/lib/sync/room-cipher.ts';
import {
	encodeRoomMessage,
	ROOM_MESSAGE_AWARENESS,
	ROOM_MESSAGE_DOC_UPDATE,
	RoomMessageError
} from '../../src/lib/sync/room-messages.ts';

const key = await RoomKey.fromBytes(new Uint8Array(32).fill(3));
const otherKey = await RoomKey.fromBytes(new Uint8Array(32).fill(4));

describe('room cipher', () => {
	it('seals room messages into envelopes that open back to the same message', async () => {
		const cipher = new RoomCipher('whiteboard/room/t1', key.gossip, key);
		const message = { type: ROOM_MESSAGE_DOC_UPDATE, payload: Uint8Array.of(1, 2, 3) };
		const sealed = await cipher.seal(message);
		expect(sealed[0]).toBe(1); // envelope version
		// The plaintext room message is nowhere in the wire bytes.
		const plain = encodeRoomMessage(message);
		expect(Buffer.from(sealed).includes(Buffer.from(plain))).toBe(false);
		expect(await new RoomCipher('whiteboard/room/t1', key.gossip, key).open(sealed)).toEqual(
			message
		);
	});

	it('refuses another room key and a payload replayed onto another topic', async () => {
		const data = await new RoomCipher('whiteboard/room/t1', key.gossip, key).seal({
			type: ROOM_MESSAGE_AWARENESS,
			payload: Uint8Array.of(0)
		});
		const wrongKey = new RoomCipher('whiteboard/room/t1', otherKey.gossip, otherKey);
		await expect(wrongKey.open(data)).rejects.toBeInstanceOf(SignatureError);
		const otherTopic = new RoomCipher('whiteboard/room/t2', key.gossip, key);
		await expect(otherTopic.open(data)).rejects.toBeInstanceOf(SignatureError);
		// Signed by the room but encrypted under another key: the envelope does not open.
		const otherCipher = new RoomCipher('whiteboard/room/t1', otherKey.gossip, key);
		await expect(otherCipher.open(data)).rejects.toBeInstanceOf(DecryptError);
	});

	it('refuses a message that holds the gossip key but not the write key (a view-only peer)', async () => {
		const viewer = new RoomCipher('whiteboard/room/t1', key.gossip, otherKey);
		const data = await viewer.seal({ type: ROOM_MESSAGE_DOC_UPDATE, payload: Uint8Array.of(1) });
		const member = new RoomCipher('whiteboard/room/t1', key.gossip, key);
		await expect(member.open(data)).rejects.toBeInstanceOf(SignatureError);
		// Unsigned (an envelope alone, as before the write key) and truncated: refused too.
		const envelope = data.subarray(0, data.length - 64);
		await expect(member.open(envelope)).rejects.toBeInstanceOf(SignatureError);
		await expect(member.open(new Uint8Array(10))).rejects.toBeInstanceOf(SignatureError);
	});

	it('refuses a correctly encrypted but malformed room message as RoomMessageError', async () => {
		const cipher = new RoomCipher('whiteboard/room/t1', key.gossip, key);
		const aad = new TextEncoder().encode('whiteboard/gossip/1\0whiteboard/room/t1');
		const envelope = await key.gossip.seal(Uint8Array.of(9, 5, 0), aad);
		const signature = await key.signer!.sign(gossipSignedBytes('whiteboard/room/t1', envelope));
		const garbage = new Uint8Array([...envelope, ...signature]);
		const error = await cipher.open(garbage).catch((err: unknown) => err);
		expect(error).toBeInstanceOf(RoomMessageError);
		expect((error as RoomMessageError).reason).toBe('malformed');
	});
});
