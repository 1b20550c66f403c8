import { aad, DecryptError, type Cipher } from '$lib/crypto/envelope';
import { ED25519_SIGNATURE_BYTES, type RoomSigner } from '$lib/crypto/room-signer';
import { decodeRoomMessage, encodeRoomMessage, type RoomMessage } from './room-messages';

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
 */
export class RoomCipher {
	readonly #cipher: Cipher;
	readonly #signer: RoomSigner;
	readonly #topic: string;
	readonly #aad: Uint8Array;
	/** Encoded once: every message on the topic is signed and checked with it. */
	readonly #signaturePrefix: Uint8Array;

	constructor(topic: string, cipher: Cipher, signer: RoomSigner) {
		this.#cipher = cipher;
		this.#signer = signer;
		this.#topic = topic;
		this.#aad = gossipAad(topic);
		this.#signaturePrefix = signaturePrefix(topic);
	}

	async seal(message: RoomMessage): Promise<Uint8Array> {
		const envelope = await this.#cipher.seal(encodeRoomMessage(message), this.#aad);
		const signature = await this.#signer.sign(
			gossipSignedBytes(this.#topic, envelope, this.#signaturePrefix)
		);
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
			this.#signer.verifier.verify(
				signature,
				gossipSignedBytes(this.#topic, envelope, this.#signaturePrefix)
			),
			this.#cipher.open(envelope, this.#aad).catch((err: unknown) => err as DecryptError)
		]);
		if (!valid) throw new SignatureError('not signed with the room’s write key');
		if (plain instanceof DecryptError) throw plain;
		return decodeRoomMessage(plain as Uint8Array);
	}
}
