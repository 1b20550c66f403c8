import type { Message } from '@libp2p/gossipsub';
import { describe, expect, it } from 'vitest';
import { DecryptError } from '../../src/lib/crypto/envelope.ts';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';
import { EncryptedRoomChannel } from '../../src/lib/sync/room-channel.ts';
import {
	encodeRoomMessage,
	ROOM_MESSAGE_AWARENESS,
	ROOM_MESSAGE_DOC_UPDATE,
	RoomMessageError
} from '../../src/lib/sync/room-messages.ts';

const key = await RoomKey.fromBytes(new Uint8Array(32).fill(3));
const otherKey = await RoomKey.fromBytes(new Uint8Array(32).fill(4));

function channel(topic = 'whiteboard/room/t1', cipher = key.gossip) {
	const published: Array<{ topic: string; data: Uint8Array }> = [];
	const pubsub = {
		publish: async (t: string, data: Uint8Array) => {
			published.push({ topic: t, data });
			return { recipients: [] };
		}
	};
	return { channel: new EncryptedRoomChannel(pubsub, topic, cipher), published };
}

const asMessage = (topic: string, data: Uint8Array) =>
	({ type: 'signed', topic, data, from: { toString: () => 'peer' } }) as unknown as Message;

describe('encrypted room channel', () => {
	it('publishes envelopes that the validator opens once and the listeners read back', async () => {
		const { channel: a, published } = channel();
		const { channel: b } = channel();
		const update = Uint8Array.of(1, 2, 3);
		await a.publish({ type: ROOM_MESSAGE_DOC_UPDATE, update });
		const sent = published[0];
		if (sent == null) throw new Error('nothing published');
		expect(sent.topic).toBe('whiteboard/room/t1');
		expect(sent.data[0]).toBe(1); // envelope version
		// The plaintext room message is nowhere in the wire bytes.
		expect(sent.data).not.toEqual(encodeRoomMessage({ type: ROOM_MESSAGE_DOC_UPDATE, update }));
		const message = asMessage(sent.topic, sent.data);
		expect(b.opened(message)).toBeUndefined();
		await b.accept(message);
		expect(b.opened(message)).toEqual({ type: ROOM_MESSAGE_DOC_UPDATE, update });
	});

	it('rejects another room key and a payload replayed onto another topic', async () => {
		const data = await channel().channel.seal({
			type: ROOM_MESSAGE_DOC_UPDATE,
			update: Uint8Array.of(0)
		});
		const wrongKey = channel('whiteboard/room/t1', otherKey.gossip).channel;
		await expect(wrongKey.open(data)).rejects.toBeInstanceOf(DecryptError);
		const otherTopic = channel('whiteboard/room/t2').channel;
		await expect(otherTopic.open(data)).rejects.toBeInstanceOf(DecryptError);
		const message = asMessage('whiteboard/room/t2', data);
		await expect(otherTopic.accept(message)).rejects.toBeInstanceOf(DecryptError);
		expect(otherTopic.opened(message)).toBeUndefined();
	});

	it('rejects a correctly encrypted but malformed room message as RoomMessageError', async () => {
		const { channel: c } = channel();
		const aad = new TextEncoder().encode('whiteboard/gossip/1\0whiteboard/room/t1');
		const garbage = await key.gossip.seal(Uint8Array.of(9, 0), aad);
		await expect(c.open(garbage)).rejects.toBeInstanceOf(RoomMessageError);
		const badPresence = await c.seal({ type: ROOM_MESSAGE_AWARENESS, update: Uint8Array.of(5) });
		await expect(c.open(badPresence)).rejects.toBeInstanceOf(RoomMessageError);
	});
});
