import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/lib/crypto/base64url.ts';
import {
	InvalidRoomKeyError,
	parseRoomKey,
	randomRoomKey,
	RoomKey
} from '../../src/lib/crypto/room-key.ts';
import { discoveryTopic, roomTopic } from '../../src/lib/p2p/topics.ts';

describe('room key', () => {
	it('is 43 base64url characters holding 32 random bytes', () => {
		const key = randomRoomKey();
		expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(parseRoomKey(key)?.length).toBe(32);
		expect(parseRoomKey(`#${key}`)).toEqual(parseRoomKey(key));
		expect(randomRoomKey()).not.toBe(key);
	});

	it('refuses missing, short, long, non-base64url and non-canonical keys', async () => {
		const key = randomRoomKey();
		for (const bad of [
			'',
			'#',
			key.slice(0, 42),
			`${key}A`,
			`${key.slice(0, 42)}+`,
			'é'.repeat(43)
		]) {
			expect(parseRoomKey(bad)).toBeNull();
			await expect(RoomKey.fromFragment(bad)).rejects.toBeInstanceOf(InvalidRoomKeyError);
		}
		// The last character carries 4 bits of which 2 are padding: only one spelling is valid.
		const canonical = toBase64url(new Uint8Array(32));
		expect(canonical.at(-1)).toBe('A');
		expect(parseRoomKey(canonical)).not.toBeNull();
		expect(parseRoomKey(`${canonical.slice(0, 42)}B`)).toBeNull();
	});

	it('derives a stable topic id that differs per key and reveals neither key nor room', async () => {
		const text = randomRoomKey();
		const [one, again, other] = await Promise.all([
			RoomKey.fromFragment(text),
			RoomKey.fromFragment(text),
			RoomKey.fromFragment(randomRoomKey())
		]);
		expect(one.topicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(again.topicId).toBe(one.topicId);
		expect(other.topicId).not.toBe(one.topicId);
		expect(text).not.toContain(one.topicId);
		expect(roomTopic(one.topicId)).toBe(`whiteboard/room/${one.topicId}`);
		expect(discoveryTopic(one.topicId)).toBe(`whiteboard/discovery/${one.topicId}`);
	});

	it('derives the same values for the same bytes (a fixed vector)', async () => {
		const key = await RoomKey.fromBytes(new Uint8Array(32));
		const again = await RoomKey.fromFragment(toBase64url(new Uint8Array(32)));
		expect(again.topicId).toBe(key.topicId);
		const sealed = await key.gossip.seal(Uint8Array.of(1, 2, 3), new Uint8Array(0));
		expect(await again.gossip.open(sealed, new Uint8Array(0))).toEqual(Uint8Array.of(1, 2, 3));
	});
});
