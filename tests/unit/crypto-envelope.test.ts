import { describe, expect, it } from 'vitest';
import { aad, DecryptError, ENVELOPE_OVERHEAD } from '../../src/lib/crypto/envelope.ts';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';

const keyA = await RoomKey.fromBytes(new Uint8Array(32).fill(1));
const keyB = await RoomKey.fromBytes(new Uint8Array(32).fill(2));
const plaintext = new TextEncoder().encode('a stroke, a cursor, a name');
const context = aad('whiteboard/gossip/1\0whiteboard/room/abc');

describe('envelope', () => {
	it('round-trips: version 1, 12-byte nonce, ciphertext + 16-byte tag', async () => {
		const sealed = await keyA.gossip.seal(plaintext, context);
		expect(sealed.length).toBe(plaintext.length + ENVELOPE_OVERHEAD);
		expect(sealed[0]).toBe(1);
		expect(await keyA.gossip.open(sealed, context)).toEqual(plaintext);
	});

	it('uses a fresh nonce for every message', async () => {
		const [one, two] = await Promise.all([
			keyA.gossip.seal(plaintext, context),
			keyA.gossip.seal(plaintext, context)
		]);
		expect(one.subarray(1, 13)).not.toEqual(two.subarray(1, 13));
	});

	it('rejects tampering anywhere in the envelope with DecryptError', async () => {
		const sealed = await keyA.gossip.seal(plaintext, context);
		for (let i = 0; i < sealed.length; i++) {
			const tampered = Uint8Array.from(sealed);
			tampered[i] = (tampered[i] ?? 0) ^ 0x01;
			await expect(keyA.gossip.open(tampered, context)).rejects.toBeInstanceOf(DecryptError);
		}
	});

	it('rejects the wrong key, the other purpose key and the wrong AAD', async () => {
		const sealed = await keyA.gossip.seal(plaintext, context);
		await expect(keyB.gossip.open(sealed, context)).rejects.toBeInstanceOf(DecryptError);
		await expect(keyA.sync.open(sealed, context)).rejects.toBeInstanceOf(DecryptError);
		const otherTopic = aad('whiteboard/gossip/1\0whiteboard/room/abd');
		await expect(keyA.gossip.open(sealed, otherTopic)).rejects.toBeInstanceOf(DecryptError);
	});

	it('rejects truncated and empty input with DecryptError, never anything else', async () => {
		const sealed = await keyA.gossip.seal(plaintext, context);
		for (const length of [0, 1, 12, ENVELOPE_OVERHEAD - 1, ENVELOPE_OVERHEAD, sealed.length - 1]) {
			await expect(keyA.gossip.open(sealed.subarray(0, length), context)).rejects.toBeInstanceOf(
				DecryptError
			);
		}
	});

	it('seals an empty plaintext into an envelope of exactly the overhead', async () => {
		const sealed = await keyA.sync.seal(new Uint8Array(0), context);
		expect(sealed.length).toBe(ENVELOPE_OVERHEAD);
		expect(await keyA.sync.open(sealed, context)).toEqual(new Uint8Array(0));
	});
});
