// Gossipsub only forwards messages on topics the forwarding node itself has joined.
// Browsers that are not yet directly connected only have a gossipsub link to the
// relay (their relayed connections are `limited`, gossipsub does not run on them),
// so the relay subscribes to every whiteboard topic its peers subscribe to and
// becomes the hub that forwards between them. Payloads are never decoded.
import { clearInterval, setInterval } from 'node:timers';
import type { GossipSub, SubscriptionChangeData } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';

export type MirrorPubSub = Pick<
	GossipSub,
	'subscribe' | 'unsubscribe' | 'getSubscribers' | 'addEventListener' | 'removeEventListener'
>;

export type TopicKind = 'discovery' | 'topic';

export type TopicMirrorEvent =
	| { type: 'mirror'; topic: string; kind: TopicKind; peer: PeerId; mirrored: number }
	| { type: 'unmirror'; topic: string; kind: TopicKind; mirrored: number }
	| { type: 'refused'; topic: string; kind: TopicKind; peer: PeerId; reason: string }
	| { type: 'error'; topic: string; error: unknown };

export interface TopicMirrorOptions {
	/** Only topics starting with one of these are mirrored. */
	prefixes: string[];
	/** Used to label discovery topics in events. */
	discoveryTopicPrefix: string;
	/** Hard cap on mirrored topics; subscriptions beyond it are refused (and retried later). */
	maxTopics: number;
	/** How often to look for topics nobody subscribes to any more. @default 5000 */
	sweepIntervalMs?: number;
	/**
	 * Keep a topic this long after its last subscriber left, so a reloading
	 * browser does not make the relay leave and re-join the mesh. @default 15000
	 */
	idleGraceMs?: number;
	/** Longer topic names are refused: they can only be abuse. @default 512 */
	maxTopicLength?: number;
	/** Extra liveness check for subscribers; gossipsub may lag behind disconnects. */
	isConnected?: (peer: PeerId) => boolean;
	onEvent?: (event: TopicMirrorEvent) => void;
	/** Verbose tracing, e.g. `node.logger.forComponent('relay:topic-mirror')` (DEBUG=relay*). */
	debug?: (formatter: string, ...args: unknown[]) => void;
	now?: () => number;
}

interface MirroredTopic {
	/** When the topic was first seen without a connected subscriber. */
	emptySince?: number;
}

export class TopicMirror {
	readonly #pubsub: MirrorPubSub;
	readonly #opts: Required<Omit<TopicMirrorOptions, 'isConnected' | 'onEvent' | 'debug'>> &
		Pick<TopicMirrorOptions, 'isConnected' | 'onEvent' | 'debug'>;
	readonly #mirrored = new Map<string, MirroredTopic>();
	/** Refused for lack of capacity; retried when a slot frees up. Bounded. */
	readonly #refused = new Set<string>();
	#timer?: ReturnType<typeof setInterval>;

	constructor(pubsub: MirrorPubSub, options: TopicMirrorOptions) {
		this.#pubsub = pubsub;
		this.#opts = {
			sweepIntervalMs: 5000,
			idleGraceMs: 15_000,
			maxTopicLength: 512,
			now: Date.now,
			...options
		};
	}

	start(): void {
		this.#pubsub.addEventListener('subscription-change', this.#onSubscriptionChange);
		this.#timer = setInterval(() => this.sweep(), this.#opts.sweepIntervalMs);
		// the sweep must not keep the process alive on shutdown
		this.#timer.unref();
	}

	stop(): void {
		this.#pubsub.removeEventListener('subscription-change', this.#onSubscriptionChange);
		if (this.#timer != null) clearInterval(this.#timer);
		this.#timer = undefined;
	}

	/** Topics the relay currently subscribes to on behalf of its peers. */
	get topics(): string[] {
		return [...this.#mirrored.keys()];
	}

	kindOf(topic: string): TopicKind {
		return topic.startsWith(this.#opts.discoveryTopicPrefix) ? 'discovery' : 'topic';
	}

	#wanted(topic: string): boolean {
		return (
			topic.length <= this.#opts.maxTopicLength &&
			this.#opts.prefixes.some((prefix) => topic.startsWith(prefix))
		);
	}

	#onSubscriptionChange = (evt: CustomEvent<SubscriptionChangeData>): void => {
		const { peerId, subscriptions } = evt.detail;
		for (const { topic, subscribe } of subscriptions) {
			this.#opts.debug?.(
				'%p %s %s',
				peerId,
				subscribe ? 'subscribed to' : 'unsubscribed from',
				topic
			);
			if (!this.#wanted(topic)) continue;
			if (subscribe) {
				this.#mirror(topic, peerId);
			} else {
				this.#checkIdle(topic, this.#opts.now());
			}
		}
	};

	#mirror(topic: string, peer: PeerId): void {
		const existing = this.#mirrored.get(topic);
		if (existing != null) {
			existing.emptySince = undefined;
			return;
		}
		if (this.#mirrored.size >= this.#opts.maxTopics) {
			// log a refusal once per topic, not once per subscribing peer
			if (!this.#refused.has(topic)) {
				if (this.#refused.size >= Math.max(1024, this.#opts.maxTopics)) this.#refused.clear();
				this.#refused.add(topic);
				const reason = `mirrored topic cap of ${this.#opts.maxTopics} reached`;
				this.#emit({ type: 'refused', topic, kind: this.kindOf(topic), peer, reason });
			}
			return;
		}
		try {
			this.#pubsub.subscribe(topic);
		} catch (error) {
			this.#emit({ type: 'error', topic, error });
			return;
		}
		this.#refused.delete(topic);
		this.#mirrored.set(topic, {});
		this.#emit({
			type: 'mirror',
			topic,
			kind: this.kindOf(topic),
			peer,
			mirrored: this.#mirrored.size
		});
	}

	#connectedSubscribers(topic: string): PeerId[] {
		const { isConnected } = this.#opts;
		const subscribers = this.#pubsub.getSubscribers(topic);
		return isConnected == null ? subscribers : subscribers.filter((peer) => isConnected(peer));
	}

	/** Returns true when the topic was unsubscribed. */
	#checkIdle(topic: string, now: number): boolean {
		const entry = this.#mirrored.get(topic);
		if (entry == null) return false;
		if (this.#connectedSubscribers(topic).length > 0) {
			entry.emptySince = undefined;
			return false;
		}
		entry.emptySince ??= now;
		if (now - entry.emptySince < this.#opts.idleGraceMs) return false;
		try {
			this.#pubsub.unsubscribe(topic);
		} catch (error) {
			this.#emit({ type: 'error', topic, error });
		}
		this.#mirrored.delete(topic);
		this.#emit({
			type: 'unmirror',
			topic,
			kind: this.kindOf(topic),
			mirrored: this.#mirrored.size
		});
		return true;
	}

	/** Drops idle topics, then retries refused ones that still have subscribers. */
	sweep(now = this.#opts.now()): void {
		for (const topic of [...this.#mirrored.keys()]) this.#checkIdle(topic, now);
		for (const topic of [...this.#refused]) {
			if (this.#mirrored.size >= this.#opts.maxTopics) break;
			const [peer] = this.#connectedSubscribers(topic);
			if (peer == null) {
				this.#refused.delete(topic);
			} else {
				this.#mirror(topic, peer);
			}
		}
	}

	#emit(event: TopicMirrorEvent): void {
		this.#opts.onEvent?.(event);
	}
}
