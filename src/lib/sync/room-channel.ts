import type { GossipSub, Message } from '@libp2p/gossipsub';
import { aad, type Cipher } from '$lib/crypto/envelope';
import { decodeRoomMessage, encodeRoomMessage, type RoomMessage } from './room-messages';

/** What the room's gossip users (document sync, presence) need: publish, and read accepted messages. */
export interface RoomChannel {
	readonly topic: string;
	publish(message: RoomMessage): Promise<void>;
	/** The plaintext of a message the topic validator accepted; undefined for any other. */
	opened(message: Message): RoomMessage | undefined;
}

/** AAD of a room message: binds it to its topic (the message type is inside the ciphertext). */
export function gossipAad(topic: string): Uint8Array {
	return aad(`whiteboard/gossip/1\0${topic}`);
}

/**
 * The room topic with encryption: every payload is an envelope (PROTOCOL.md, "Encryption") whose
 * plaintext is a room message. The topic validator opens each message once (`accept`); the
 * plaintext is kept by message object so the 'message' listeners never decrypt again.
 */
export class EncryptedRoomChannel implements RoomChannel {
	readonly topic: string;
	readonly #pubsub: Pick<GossipSub, 'publish'>;
	readonly #cipher: Cipher;
	readonly #aad: Uint8Array;
	readonly #opened = new WeakMap<Message, RoomMessage>();

	constructor(pubsub: Pick<GossipSub, 'publish'>, topic: string, cipher: Cipher) {
		this.#pubsub = pubsub;
		this.topic = topic;
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

	async publish(message: RoomMessage): Promise<void> {
		await this.#pubsub.publish(this.topic, await this.seal(message));
	}

	/** Opens a received message for the topic validator and remembers its plaintext. */
	async accept(message: Message): Promise<RoomMessage> {
		const decoded = await this.open(message.data);
		this.#opened.set(message, decoded);
		return decoded;
	}

	opened(message: Message): RoomMessage | undefined {
		return this.#opened.get(message);
	}
}
