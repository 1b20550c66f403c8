import { fromBase64url, toBase64url } from './base64url';
import { Cipher } from './envelope';
import { RoomSigner } from './room-signer';
import { topicIdFor } from './topic-commitment';

/** A room key: 256 random bits, base64url in the link's fragment (43 characters). */
export const ROOM_KEY_BYTES = 32;
export const ROOM_KEY_LENGTH = 43;

/** HKDF-SHA-256 parameters (PROTOCOL.md, "Room key"). Changing any of them changes every room. */
export const HKDF_SALT = 'whiteboard room key v1';
export const INFO_GOSSIP = 'whiteboard gossip';
export const INFO_SYNC = 'whiteboard sync';
export const INFO_STORE = 'whiteboard store';
export const INFO_SIGNING = 'whiteboard signing';

export class InvalidRoomKeyError extends Error {
	override name = 'InvalidRoomKeyError';
}

/** A new random room key, as it goes into a link's fragment. */
export function randomRoomKey(): string {
	return toBase64url(crypto.getRandomValues(new Uint8Array(ROOM_KEY_BYTES)));
}

/** The key bytes of a fragment (with or without its '#'), or null if missing or malformed. */
export function parseRoomKey(fragment: string): Uint8Array | null {
	const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
	if (text.length !== ROOM_KEY_LENGTH) return null;
	const bytes = fromBase64url(text);
	return bytes?.length === ROOM_KEY_BYTES ? bytes : null;
}

/**
 * The secrets of one room, all derived from the link's key with HKDF so that no derived value
 * reveals another: a cipher for gossip messages, one for sync frames, one for the relay's copy,
 * the write key pair, and the topic id that names the room's gossipsub topics and its copy on the
 * relay (the relay sees topic names, never the room id or the key). The topic id commits to the
 * write key's public half (topic-commitment.ts).
 */
export class RoomKey {
	readonly gossip: Cipher;
	readonly sync: Cipher;
	readonly store: Cipher;
	readonly signer: RoomSigner;
	/** 128 bits, base64url (22 characters). */
	readonly topicId: string;

	private constructor(
		ciphers: { gossip: Cipher; sync: Cipher; store: Cipher },
		signer: RoomSigner,
		topicId: string
	) {
		this.gossip = ciphers.gossip;
		this.sync = ciphers.sync;
		this.store = ciphers.store;
		this.signer = signer;
		this.topicId = topicId;
	}

	static async fromFragment(fragment: string): Promise<RoomKey> {
		const bytes = parseRoomKey(fragment);
		if (bytes == null) throw new InvalidRoomKeyError('the room key is missing or malformed');
		return RoomKey.fromBytes(bytes);
	}

	static async fromBytes(bytes: Uint8Array): Promise<RoomKey> {
		if (bytes.length !== ROOM_KEY_BYTES) throw new InvalidRoomKeyError('a room key is 32 bytes');
		const master = await crypto.subtle.importKey('raw', new Uint8Array(bytes), 'HKDF', false, [
			'deriveKey',
			'deriveBits'
		]);
		const [gossip, sync, store, seed] = await Promise.all([
			deriveAesKey(master, INFO_GOSSIP),
			deriveAesKey(master, INFO_SYNC),
			deriveAesKey(master, INFO_STORE),
			crypto.subtle.deriveBits(hkdf(INFO_SIGNING), master, 256)
		]);
		const signer = await RoomSigner.fromSeed(new Uint8Array(seed));
		const ciphers = {
			gossip: new Cipher(gossip),
			sync: new Cipher(sync),
			store: new Cipher(store)
		};
		return new RoomKey(ciphers, signer, await topicIdFor(signer.publicKey));
	}
}

function hkdf(info: string): HkdfParams {
	const encoder = new TextEncoder();
	return {
		name: 'HKDF',
		hash: 'SHA-256',
		salt: encoder.encode(HKDF_SALT),
		info: encoder.encode(info)
	};
}

function deriveAesKey(master: CryptoKey, info: string): Promise<CryptoKey> {
	return crypto.subtle.deriveKey(hkdf(info), master, { name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
}
