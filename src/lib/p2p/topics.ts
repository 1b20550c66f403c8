import { toBase64url } from '$lib/crypto/base64url';
import {
	DISCOVERY_TOPIC_PREFIX,
	FALLBACK_TOPIC_PREFIX,
	ROOM_ID_PATTERN,
	ROOM_TOPIC_PREFIX
} from './constants';

export class InvalidRoomIdError extends Error {
	override name = 'InvalidRoomIdError';
	constructor(id: string) {
		super(`"${id}" is not a valid room id: use 4-64 letters, digits, "-" or "_"`);
	}
}

export function isValidRoomId(id: string): boolean {
	return ROOM_ID_PATTERN.test(id);
}

/**
 * Topics are named by the room key's topic id (RoomKey.topicId), never by the room id: the relay
 * sees topic names, and must not be able to tell which board (or link) they belong to.
 */
export function roomTopic(topicId: string): string {
	if (!isValidRoomId(topicId)) throw new InvalidRoomIdError(topicId);
	return `${ROOM_TOPIC_PREFIX}${topicId}`;
}

/**
 * The room's fallback topic: the same messages as the room topic, for peers without a direct link
 * (the relay mirrors it and forwards them).
 */
export function fallbackTopic(topicId: string): string {
	if (!isValidRoomId(topicId)) throw new InvalidRoomIdError(topicId);
	return `${FALLBACK_TOPIC_PREFIX}${topicId}`;
}

export function discoveryTopic(topicId: string): string {
	if (!isValidRoomId(topicId)) throw new InvalidRoomIdError(topicId);
	return `${DISCOVERY_TOPIC_PREFIX}${topicId}`;
}

/** A random room id: 128 bits, base64url. */
export function randomRoomId(): string {
	return toBase64url(crypto.getRandomValues(new Uint8Array(16)));
}
