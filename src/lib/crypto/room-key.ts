import { fromBase64url, toBase64url } from './base64url';
import { Cipher } from './envelope';
import { RoomSigner, RoomVerifier } from './room-signer';
import { topicIdFor } from './topic-commitment';

/** A room key: 256 random bits, base64url in the link's fragment (43 characters). */
export const ROOM_KEY_BYTES = 32;
export const ROOM_KEY_LENGTH = 43;

/**
 * A view key: what a view-only link carries instead of the room key (PROTOCOL.md, "Room key"):
 * the three cipher keys and the write key's public half, 4 × 32 bytes, base64url after a 'v'
 * (172 characters). It reads and checks everything; it cannot sign, so it cannot write.
 */
export const VIEW_KEY_PREFIX = 'v';
export const VIEW_KEY_BYTES = 4 * 32;
export const VIEW_KEY_LENGTH = VIEW_KEY_PREFIX.length + 171;

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

const withoutHash = (fragment: string): string =>
	fragment.startsWith('#') ? fragment.slice(1) : fragment;

/** The key bytes of a fragment (with or without its '#'), or null if missing or malformed. */
export function parseRoomKey(fragment: string): Uint8Array | null {
	const text = withoutHash(fragment);
	if (text.length !== ROOM_KEY_LENGTH) return null;
	const bytes = fromBase64url(text);
	return bytes?.length === ROOM_KEY_BYTES ? bytes : null;
}

/** The bytes of a view key fragment, or null if it is not one. */
export function parseViewKey(fragment: string): Uint8Array | null {
	const text = withoutHash(fragment);
	if (text.length !== VIEW_KEY_LENGTH || !text.startsWith(VIEW_KEY_PREFIX)) return null;
	const bytes = fromBase64url(text.slice(VIEW_KEY_PREFIX.length));
	return bytes?.length === VIEW_KEY_BYTES ? bytes : null;
}

/** What a link's fragment opens: 'edit' (a room key), 'view' (a view key), or null (neither). */
export function linkAccess(fragment: string): 'edit' | 'view' | null {
	if (parseRoomKey(fragment) != null) return 'edit';
	return parseViewKey(fragment) != null ? 'view' : null;
}

/**
 * The secrets of one room, all derived from the link's key with HKDF so that no derived value
 * reveals another: a cipher for gossip messages, one for sync frames, one for the relay's copy,
 * the write key pair, and the topic id that names the room's gossipsub topics and its copy on the
 * relay (the relay sees topic names, never the room id or the key). The topic id commits to the
 * write key's public half (topic-commitment.ts). A view key holds the same, less the write key's
 * private half: `signer` is null and `canWrite` false.
 */
export class RoomKey {
	readonly gossip: Cipher;
	readonly sync: Cipher;
	readonly store: Cipher;
	/** Signs writes; null for a view key. */
	readonly signer: RoomSigner | null;
	/** Checks that a write was signed with the room's write key. */
	readonly verifier: RoomVerifier;
	/** 128 bits, base64url (22 characters). */
	readonly topicId: string;
	/** The view key's bytes (cipher keys, public key), for making a view link. */
	readonly #viewBytes: Uint8Array;

	private constructor(
		ciphers: { gossip: Cipher; sync: Cipher; store: Cipher },
		signer: RoomSigner | null,
		verifier: RoomVerifier,
		topicId: string,
		viewBytes: Uint8Array
	) {
		this.gossip = ciphers.gossip;
		this.sync = ciphers.sync;
		this.store = ciphers.store;
		this.signer = signer;
		this.verifier = verifier;
		this.topicId = topicId;
		this.#viewBytes = viewBytes;
	}

	get canWrite(): boolean {
		return this.signer !== null;
	}

	/** The fragment of this room's view-only link. */
	viewFragment(): string {
		return VIEW_KEY_PREFIX + toBase64url(this.#viewBytes);
	}

	/** A room key or a view key, from a link's fragment. */
	static async fromFragment(fragment: string): Promise<RoomKey> {
		const bytes = parseRoomKey(fragment);
		if (bytes != null) return RoomKey.fromBytes(bytes);
		const view = parseViewKey(fragment);
		if (view != null) return RoomKey.fromViewBytes(view);
		throw new InvalidRoomKeyError('the room key is missing or malformed');
	}

	static async fromBytes(bytes: Uint8Array): Promise<RoomKey> {
		if (bytes.length !== ROOM_KEY_BYTES) throw new InvalidRoomKeyError('a room key is 32 bytes');
		const master = await crypto.subtle.importKey('raw', new Uint8Array(bytes), 'HKDF', false, [
			'deriveBits'
		]);
		// The same bytes HKDF's deriveKey would make into AES keys, kept for the view key.
		const [gossip, sync, store, seed] = await Promise.all(
			[INFO_GOSSIP, INFO_SYNC, INFO_STORE, INFO_SIGNING].map(
				async (info) => new Uint8Array(await crypto.subtle.deriveBits(hkdf(info), master, 256))
			)
		);
		const signer = await RoomSigner.fromSeed(seed!);
		const viewBytes = concat([gossip!, sync!, store!, signer.publicKey]);
		return RoomKey.#build(viewBytes, signer, signer.verifier);
	}

	static async fromViewBytes(bytes: Uint8Array): Promise<RoomKey> {
		if (bytes.length !== VIEW_KEY_BYTES) throw new InvalidRoomKeyError('a view key is 128 bytes');
		const verifier = await RoomVerifier.fromPublicKey(bytes.subarray(96, 128));
		return RoomKey.#build(new Uint8Array(bytes), null, verifier);
	}

	static async #build(
		viewBytes: Uint8Array,
		signer: RoomSigner | null,
		verifier: RoomVerifier
	): Promise<RoomKey> {
		const part = (i: number) => viewBytes.subarray(32 * i, 32 * (i + 1));
		const [gossip, sync, store] = await Promise.all([0, 1, 2].map((i) => aesKey(part(i))));
		const ciphers = {
			gossip: new Cipher(gossip!),
			sync: new Cipher(sync!),
			store: new Cipher(store!)
		};
		return new RoomKey(ciphers, signer, verifier, await topicIdFor(part(3)), viewBytes);
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

function aesKey(raw: Uint8Array): Promise<CryptoKey> {
	return crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'AES-GCM' }, false, [
		'encrypt',
		'decrypt'
	]);
}

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}
