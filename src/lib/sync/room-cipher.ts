import { aad, DecryptError, type Cipher } from '$lib/crypto/envelope';
import {
	ED25519_SIGNATURE_BYTES,
	type RoomSigner,
	type RoomVerifier
} from '$lib/crypto/room-signer';
import {
	decodeRoomMessage,
	encodeRoomMessage,
	ROOM_MESSAGE_AWARENESS,
	type RoomMessage
} from './room-messages';

/** The room's write key as RoomKey holds it: a view key has no signer. */
export interface RoomWriteKey {
	signer: RoomSigner | null;
	verifier: RoomVerifier;
}

/** What a peer without the write key puts where the signature goes (presence only). */
const NO_SIGNATURE = new Uint8Array(ED25519_SIGNATURE_BYTES);

/** AAD of a room message: binds it to its topic (the message type is inside the ciphertext). */
export function gossipAad(topic: string): Uint8Array {
	return aad(`whiteboard/gossip/1\0${topic}`);
}

/** What a room message's signature covers: a context, the topic, then the envelope. */
export function gossipSignedBytes(
	topic: string,
	envelope: Uint8Array,
	prefix = signaturePrefix(topic)
): Uint8Array {
	const out = new Uint8Array(prefix.length + envelope.length);
	out.set(prefix);
	out.set(envelope, prefix.length);
	return out;
}

function signaturePrefix(topic: string): Uint8Array {
	return aad(`whiteboard/gossip-signature/1\0${topic}\0`);
}

/** The message is not signed with the room's write key (a peer that holds no write key). */
export class SignatureError extends Error {
	override name = 'SignatureError';
}

/**
 * Room messages in their encryption envelope, signed with the room's write key (PROTOCOL.md,
 * "Encryption"): every payload on the room topics is `envelope || signature`, the envelope under
 * the gossip key holding a room message, the Ed25519 signature over the topic and the envelope.
 * Only presence may come unsigned (from view-only links, whose key cannot sign): a document
 * update without the room's signature is refused.
 */
export class RoomCipher {
	readonly #cipher: Cipher;
	readonly #key: RoomWriteKey;
	readonly #topic: string;
	readonly #aad: Uint8Array;
	/** Encoded once: every message on the topic is signed and checked with it. */
	readonly #signaturePrefix: Uint8Array;

	constructor(topic: string, cipher: Cipher, key: RoomWriteKey) {
		this.#cipher = cipher;
		this.#key = key;
		this.#topic = topic;
		this.#aad = gossipAad(topic);
		this.#signaturePrefix = signaturePrefix(topic);
	}

	async seal(message: RoomMessage): Promise<Uint8Array> {
		const signer = this.#key.signer;
		if (signer === null && message.type !== ROOM_MESSAGE_AWARENESS) {
			throw new SignatureError('a view-only link cannot write to the board');
		}
		const envelope = await this.#cipher.seal(encodeRoomMessage(message), this.#aad);
		const signed = gossipSignedBytes(this.#topic, envelope, this.#signaturePrefix);
		const signature = signer === null ? NO_SIGNATURE : await signer.sign(signed);
		const out = new Uint8Array(envelope.length + signature.length);
		out.set(envelope);
		out.set(signature, envelope.length);
		return out;
	}

	/**
	 * Throws SignatureError (not the room's write key), DecryptError (wrong key, tampered) or
	 * RoomMessageError (malformed plaintext). The signature is checked while the envelope opens.
	 */
	async open(data: Uint8Array): Promise<RoomMessage> {
		if (data.length < ED25519_SIGNATURE_BYTES) throw new SignatureError('no signature');
		const envelope = data.subarray(0, data.length - ED25519_SIGNATURE_BYTES);
		const signature = data.subarray(data.length - ED25519_SIGNATURE_BYTES);
		const [valid, plain] = await Promise.all([
			this.#key.verifier.verify(
				signature,
				gossipSignedBytes(this.#topic, envelope, this.#signaturePrefix)
			),
			this.#cipher.open(envelope, this.#aad).catch((err: unknown) => err as DecryptError)
		]);
		if (plain instanceof DecryptError) {
			throw valid ? plain : new SignatureError('not signed with the room’s write key');
		}
		const message = decodeRoomMessage(plain as Uint8Array);
		// Presence may come from a view-only link; everything else needs the write key.
		if (!valid && message.type !== ROOM_MESSAGE_AWARENESS) {
			throw new SignatureError('not signed with the room’s write key');
		}
		return message;
	}
}
