import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../src/lib/crypto/base64url';
import {
	discoveryTopic,
	InvalidRoomIdError,
	isValidRoomId,
	randomRoomId,
	roomTopic
} from '../../src/lib/p2p/topics';

describe('room ids and topics', () => {
	it('makes random room ids of 128 bits in canonical base64url, each one new', () => {
		const ids = new Set(Array.from({ length: 50 }, () => randomRoomId()));
		expect(ids.size).toBe(50);
		for (const id of ids) {
			expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
			expect(isValidRoomId(id)).toBe(true);
			expect(fromBase64url(id)?.length).toBe(16);
		}
	});

	it('names topics under the whiteboard prefixes and refuses invalid ids', () => {
		expect(roomTopic('abcd')).toBe('whiteboard/room/abcd');
		expect(discoveryTopic('abcd')).toBe('whiteboard/discovery/abcd');
		expect(() => roomTopic('a/b')).toThrow(InvalidRoomIdError);
		expect(() => discoveryTopic('abc')).toThrow(InvalidRoomIdError);
	});
});
