import { aad, type Cipher } from '$lib/crypto/envelope';
import { decodeRoomMessage, encodeRoomMessage, type RoomMessage } from './room-messages';

/** AAD of a room message: binds it to its topic (the message type is inside the ciphertext). */
export function gossipAad(topic: string): Uint8Array {
	return aad(`whiteboard/gossip/1\0${topic}`);
}

/**
 * Room messages in their encryption envelope (PROTOCOL.md, "Encryption"): every payload on the
 * room topic is an envelope under the gossip key whose plaintext is a room message.
 */
export class RoomCipher {
	readonly #cipher: Cipher;
	readonly #aad: Uint8Array;

	constructor(topic: string, cipher: Cipher) {
		this.#cipher = cipher;
		this.#aad = gossipAad(topic);
	}

	seal(message: RoomMessage): Promise<Uint8Array> {
		return this.#cipher.seal(encodeRoomMessage(message), this.#aad);
	}

	/** Throws DecryptError (wrong key, tampered) or RoomMessageError (malformed plaintext). */
	async open(data: Uint8Array): Promise<RoomMessage> {
		return decodeRoomMessage(await this.#cipher.open(data, this.#aad));
	}
}
