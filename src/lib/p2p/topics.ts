import { DISCOVERY_TOPIC_PREFIX, ROOM_ID_PATTERN, ROOM_TOPIC_PREFIX } from './constants.ts';

export class InvalidRoomIdError extends Error {
	override name = 'InvalidRoomIdError';
	constructor(id: string) {
		super(`"${id}" is not a valid room id: use 4-64 letters, digits, "-" or "_"`);
	}
}

export function isValidRoomId(id: string): boolean {
	return ROOM_ID_PATTERN.test(id);
}

export function roomTopic(roomId: string): string {
	if (!isValidRoomId(roomId)) throw new InvalidRoomIdError(roomId);
	return `${ROOM_TOPIC_PREFIX}${roomId}`;
}

export function discoveryTopic(roomId: string): string {
	if (!isValidRoomId(roomId)) throw new InvalidRoomIdError(roomId);
	return `${DISCOVERY_TOPIC_PREFIX}${roomId}`;
}

/** A random room id: 128 bits, base64url. */
export function randomRoomId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return btoa(String.fromCharCode(...bytes))
		.replaceAll('+', '-')
		.replaceAll('/', '_')
		.replace(/=+$/, '');
}
