import { TopicValidatorResult, type GossipSub, type Message } from '@libp2p/gossipsub';
import type { ComponentLogger, Logger, PeerId } from '@libp2p/interface';
import { DecryptError, type Cipher } from '$lib/crypto/envelope';
import type { Route } from './fallback-routing';
import { RoomCipher, SignatureError, type RoomWriteKey } from './room-cipher';
import type { LiveRole } from './live-hello';
import {
	decodeRoomMessage,
	encodeRoomMessage,
	ROOM_MESSAGE_AWARENESS,
	RoomMessageError,
	type RoomMessage
} from './room-messages';

/** The part of gossipsub the room topic uses (narrow, so tests can stand in for it). */
export type RoomTopicPubSub = Pick<
	GossipSub,
	'subscribe' | 'unsubscribe' | 'publish' | 'getSubscribers' | 'topicValidators'
>;

/** What a handler learns about an accepted message besides its payload. */
export interface Delivery {
	/** The peer that signed (wrote) the message; not the one that forwarded it to us. */
	readonly from: string | undefined;
	/** Counts a refusal found only now (e.g. a presence entry for someone else's client). */
	refuse(reason: string, detail: string): void;
}

/**
 * The receiving side of one room message type. `check` runs in the topic validator on the
 * decrypted payload and throws RoomMessageError to reject it (gossipsub Reject: it is not
 * forwarded, and the sender's score drops); what it returns goes to `deliver` once accepted.
 */
export interface RoomMessageHandler<T> {
	check(payload: Uint8Array): T;
	deliver(value: T, delivery: Delivery): void;
}

export interface Rejection {
	peer: string;
	/** 'decrypt', 'malformed', 'bad-update', 'presence', ... */
	reason: string;
	detail: string;
}

export interface RoomTopicStats {
	accepted: number;
	rejected: number;
	/** Rejections by reason: 'decrypt', 'malformed', 'bad-update', 'presence', ... */
	rejectedByReason: Record<string, number>;
	published: number;
	/** Of those, published on the fallback topic (some room peer had no direct link). */
	publishedFallback: number;
	/** Of those, sent on the live links alone (every room peer had one). */
	publishedLive: number;
	/** Messages accepted from a live link (counted in `accepted` too). */
	acceptedLive: number;
	publishFailed: number;
	/** A handler threw while applying an accepted message (a bug; logged). */
	deliveryFailed: number;
}

export interface RoomTopicOptions {
	pubsub: RoomTopicPubSub;
	/** The room's gossipsub topic, `whiteboard/room/<topicId>`: direct links only. */
	topic: string;
	/**
	 * The room's fallback topic, `whiteboard/fallback/<topicId>`, which the relay mirrors: the same
	 * messages, for peers without a direct link. Without it everything goes on `topic`.
	 */
	fallbackTopic?: string;
	/** Picks the way of each message we publish (RoomRouting.route); 'direct' by default. */
	route?: () => Route;
	/** Where the 'live' route sends (LiveLinks): room messages without an envelope. */
	live?: { send(frame: Uint8Array): boolean };
	/** A message on the fallback topic was accepted: its author is in the room (RoomRouting.heard). */
	onFallbackMessage?: (from: string) => void;
	/** The room's gossip cipher and write key (every message is signed with it). */
	cipher: Cipher;
	/** The room's write key (RoomKey): without a signer, only presence can be published. */
	writeKey: RoomWriteKey;
	logger: ComponentLogger;
	onRejected?: (rejection: Rejection) => void;
}

/**
 * The room's gossipsub topics: subscribes to the room topic and the fallback topic and owns their
 * topic validator, which opens every message once (decrypt, then decode the framing), hands the
 * payload to the handler registered for its type to check, and delivers what passed to that same
 * handler. Anything that fails is rejected and counted by reason. Each message we publish goes on
 * one of the two, as `route` says. See PROTOCOL.md, "Room messages" and "Routing".
 */
export class RoomTopic {
	readonly topic: string;
	readonly fallbackTopic: string | undefined;
	readonly stats: RoomTopicStats = {
		accepted: 0,
		rejected: 0,
		rejectedByReason: {},
		published: 0,
		publishedFallback: 0,
		publishedLive: 0,
		acceptedLive: 0,
		publishFailed: 0,
		deliveryFailed: 0
	};
	readonly #pubsub: RoomTopicPubSub;
	/** One cipher per topic: the topic is in each message's AAD. */
	readonly #ciphers = new Map<string, RoomCipher>();
	readonly #route: () => Route;
	readonly #live: RoomTopicOptions['live'];
	readonly #onFallbackMessage: (from: string) => void;
	readonly #log: Logger;
	readonly #onRejected: (rejection: Rejection) => void;
	readonly #handlers = new Map<number, RoomMessageHandler<unknown>>();
	#started = false;

	constructor(options: RoomTopicOptions) {
		this.topic = options.topic;
		this.fallbackTopic = options.fallbackTopic;
		this.#pubsub = options.pubsub;
		for (const topic of this.#topics()) {
			this.#ciphers.set(topic, new RoomCipher(topic, options.cipher, options.writeKey));
		}
		this.#route = options.route ?? (() => 'direct');
		this.#live = options.live;
		this.#onFallbackMessage = options.onFallbackMessage ?? (() => {});
		this.#log = options.logger.forComponent('whiteboard:room-topic');
		this.#onRejected = options.onRejected ?? (() => {});
	}

	/** Register handlers before start(): until then a message of their type is unknown (rejected). */
	handle<T>(type: number, handler: RoomMessageHandler<T>): void {
		if (this.#handlers.has(type)) throw new Error(`room message type ${type} is handled already`);
		this.#handlers.set(type, handler as RoomMessageHandler<unknown>);
	}

	unhandle(type: number): void {
		this.#handlers.delete(type);
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		for (const topic of this.#topics()) {
			this.#pubsub.topicValidators.set(topic, this.#validate);
			this.#pubsub.subscribe(topic);
		}
	}

	stop(): void {
		if (!this.#started) return;
		this.#started = false;
		for (const topic of this.#topics()) {
			if (this.#pubsub.topicValidators.get(topic) === this.#validate) {
				this.#pubsub.topicValidators.delete(topic);
			}
			this.#pubsub.unsubscribe(topic);
		}
	}

	#topics(): string[] {
		return this.fallbackTopic == null ? [this.topic] : [this.topic, this.fallbackTopic];
	}

	/** Peers known to be subscribed to the room topic: those with a direct link (relays do not). */
	subscribers(): PeerId[] {
		return this.#pubsub.getSubscribers(this.topic);
	}

	/**
	 * Sends a message the way `route` picks now: bare on the live links, or sealed on the room topic
	 * or the fallback topic. Never throws: a failure (the node stopping) is logged and counted; peers
	 * that missed a message catch up through renewals and the sync stream.
	 */
	async publish(type: number, payload: Uint8Array): Promise<void> {
		const route = this.#route();
		// On a live link the connection encrypts, and the hello proved the key (live-hello.ts).
		if (route === 'live' && this.#live?.send(encodeRoomMessage({ type, payload })) === true) {
			this.stats.published++;
			this.stats.publishedLive++;
			return;
		}
		// A live link that closed meanwhile: the room topic reaches that peer (a copy is harmless).
		const fallback = route === 'fallback' ? this.fallbackTopic : undefined;
		const topic = fallback ?? this.topic;
		try {
			const cipher = this.#ciphers.get(topic);
			if (cipher == null) throw new Error(`no cipher for ${topic}`);
			await this.#pubsub.publish(topic, await cipher.seal({ type, payload }));
			this.stats.published++;
			if (fallback != null) this.stats.publishedFallback++;
		} catch (err) {
			this.stats.publishFailed++;
			this.#log('publishing a type-%d message failed: %s', type, (err as Error).message);
		}
	}

	/**
	 * A frame from a live link (LiveLinks' onFrame): a room message without an envelope, checked
	 * and delivered as one from the room topic. `from` is the peer at the other end of the direct
	 * connection; `role` what its hello proved (only a writer's document updates are taken).
	 */
	acceptLive = async (frame: Uint8Array, from: string, role: LiveRole): Promise<boolean> => {
		const accepted = await this.#accept(
			async () => {
				const message = decodeRoomMessage(frame);
				if (role !== 'writer' && message.type !== ROOM_MESSAGE_AWARENESS) {
					throw new SignatureError('a view-only peer cannot write to the board');
				}
				return message;
			},
			from,
			from
		);
		if (accepted === TopicValidatorResult.Accept) this.stats.acceptedLive++;
		return accepted !== TopicValidatorResult.Reject;
	};

	/** Async (gossipsub awaits it); an accepted message is delivered before gossipsub forwards it. */
	#validate = async (peer: PeerId, message: Message): Promise<TopicValidatorResult> => {
		const from = message.type === 'signed' ? message.from.toString() : undefined;
		const open = async (): Promise<RoomMessage> => {
			const cipher = this.#ciphers.get(message.topic);
			if (cipher == null) throw new RoomMessageError(`not a room topic: ${message.topic}`);
			return cipher.open(message.data);
		};
		const result = await this.#accept(open, peer.toString(), from);
		if (result === TopicValidatorResult.Accept && from != null) {
			if (message.topic === this.fallbackTopic) this.#onFallbackMessage(from);
		}
		return result;
	};

	/**
	 * Opens a message once (`open`: decrypt, then decode the framing), has its type's handler check
	 * it and, if it passed, deliver it. `sender` is the peer it came from, `from` its author.
	 */
	async #accept(
		open: () => Promise<RoomMessage>,
		sender: string,
		from: string | undefined
	): Promise<TopicValidatorResult> {
		let handler: RoomMessageHandler<unknown> | undefined;
		let value: unknown;
		try {
			const { type, payload } = await open();
			if (!this.#started) return TopicValidatorResult.Ignore; // stopped while decrypting
			handler = this.#handlers.get(type);
			if (handler == null) throw new RoomMessageError(`unknown message type ${type}`);
			value = handler.check(payload);
		} catch (err) {
			if (!this.#started) return TopicValidatorResult.Ignore;
			const reason = rejectionReason(err);
			// Not one of ours: a handler failed on its own (a bug), not on the message.
			if (reason === 'other') this.#log.error('checking a message failed: %e', err);
			this.#reject(sender, reason, (err as Error).message);
			return TopicValidatorResult.Reject;
		}
		this.stats.accepted++;
		// Gossipsub hands an accepted message to its 'message' listeners right after this returns;
		// delivering it here is the same moment, and its plaintext need not be kept anywhere.
		try {
			handler.deliver(value, {
				from,
				refuse: (reason, detail) => this.#reject(from ?? 'unknown', reason, detail)
			});
		} catch (err) {
			this.stats.deliveryFailed++;
			this.#log.error('delivering a message from %s failed: %e', from, err);
		}
		return TopicValidatorResult.Accept;
	}

	#reject(peer: string, reason: string, detail: string): void {
		this.stats.rejected++;
		this.stats.rejectedByReason[reason] = (this.stats.rejectedByReason[reason] ?? 0) + 1;
		this.#log('rejected a message from %s (%s): %s', peer, reason, detail);
		this.#onRejected({ peer, reason, detail });
	}
}

function rejectionReason(err: unknown): string {
	if (err instanceof DecryptError) return 'decrypt';
	if (err instanceof SignatureError) return 'signature';
	if (err instanceof RoomMessageError) return err.reason;
	return 'other';
}
