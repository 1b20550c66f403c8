// Gossipsub only forwards messages on topics the forwarding node itself has joined.
// Browsers that are not yet directly connected only have a gossipsub link to the
// relay (their relayed connections are `limited`, gossipsub does not run on them),
// so the relay subscribes to every whiteboard topic its peers subscribe to and
// becomes the hub that forwards between them. Payloads are never decoded.
//
// Limits, so one client cannot use up the relay's topics (see README "Limits"):
//   - each peer brings in at most `maxTopicsPerPeer` topics (a browser needs two per room), and
//     the peers of one address at most `maxTopicsPerAddress` (many peer ids are cheap, addresses
//     are not; browsers behind one NAT share one);
//   - the relay's own subscriptions stay within what its peers' gossipsub accepts of one peer
//     (`subscriptionBudgetBytes`, see topic-budget.ts), and within `maxTopics`;
//   - a topic whose peers all left is dropped after `idleGraceMs`.
// A refused subscription is reported (`refused` event, sent on to the browser by main.ts) and,
// when the relay was only full, retried as soon as room frees up.
import { clearInterval, setInterval } from 'node:timers';
import type { GossipSub, SubscriptionChangeData } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';
import { topicCost } from './topic-budget.ts';

export type MirrorPubSub = Pick<
	GossipSub,
	'subscribe' | 'unsubscribe' | 'getSubscribers' | 'addEventListener' | 'removeEventListener'
>;

export type TopicKind = 'discovery' | 'topic';
/** Why a subscription was not mirrored; "full" and "budget" are retried, the others are not. */
export type TopicRefusal = 'per-peer' | 'per-address' | 'full' | 'budget' | 'name';

export type TopicMirrorEvent =
	| { type: 'mirror'; topic: string; kind: TopicKind; peer: PeerId; mirrored: number }
	| { type: 'unmirror'; topic: string; kind: TopicKind; mirrored: number }
	| {
			type: 'refused';
			topic: string;
			kind: TopicKind;
			peer: PeerId;
			reason: TopicRefusal;
			message: string;
	  }
	| { type: 'error'; topic: string; error: unknown };

export interface TopicMirrorOptions {
	/** Only topics starting with one of these are mirrored. */
	prefixes: string[];
	/** Used to label discovery topics in events. */
	discoveryTopicPrefix: string;
	/** Hard cap on mirrored topics. */
	maxTopics: number;
	/** Topics one peer may bring in. @default 8 */
	maxTopicsPerPeer?: number;
	/** Topics the peers of one address may bring in, together. @default Infinity */
	maxTopicsPerAddress?: number;
	/** The address a peer connects from (admission/address.ts); unknown ones are not counted. */
	addressOf?: (peer: PeerId) => string | undefined;
	/** Bytes the relay's subscriptions may cost at a peer (topic-budget.ts). @default Infinity */
	subscriptionBudgetBytes?: number;
	/** How often to drop idle topics and retry refused ones. @default 1000 */
	sweepIntervalMs?: number;
	/** Keep a topic this long after its last peer left, so a reloading browser finds it. @default 5000 */
	idleGraceMs?: number;
	/** Longer topic names are refused: they can only be abuse. @default 128 */
	maxTopicLength?: number;
	/** Peers whose subscriptions never bring a topic in (peered relays). */
	ignorePeer?: (peer: PeerId) => boolean;
	/** Extra liveness check for subscribers; gossipsub may lag behind disconnects. */
	isConnected?: (peer: PeerId) => boolean;
	onEvent?: (event: TopicMirrorEvent) => void;
	/** Verbose tracing, e.g. `node.logger.forComponent('relay:topic-mirror')` (DEBUG=relay*). */
	debug?: (formatter: string, ...args: unknown[]) => void;
	now?: () => number;
}

interface MirroredTopic {
	/** Peers whose subscription keeps the topic (it counts against their cap). */
	peers: Map<string, PeerId>;
	/** When the last of them left. */
	emptySince?: number;
}

const REFUSAL_TEXT: Record<
	TopicRefusal,
	(opts: { cap: number; addressCap: number; max: number }) => string
> = {
	'per-peer': ({ cap }) => `this peer already has ${cap} topics mirrored`,
	'per-address': ({ addressCap }) => `peers at this address already have ${addressCap} topics`,
	full: ({ max }) => `the relay mirrors its maximum of ${max} topics`,
	budget: () => 'the relay has as many subscriptions as its peers accept',
	name: () => 'topic name too long'
};

export class TopicMirror {
	readonly #pubsub: MirrorPubSub;
	readonly #opts: Required<
		Omit<TopicMirrorOptions, 'isConnected' | 'onEvent' | 'debug' | 'addressOf' | 'ignorePeer'>
	> &
		Pick<TopicMirrorOptions, 'isConnected' | 'onEvent' | 'debug' | 'addressOf' | 'ignorePeer'>;
	readonly #mirrored = new Map<string, MirroredTopic>();
	/** peer -> the topics it brought in or waits for; what its cap counts. */
	readonly #claims = new Map<string, Set<string>>();
	/** address -> how many claims its peers hold, and each claiming peer's address. */
	readonly #addressClaims = new Map<string, number>();
	readonly #peerAddress = new Map<string, string>();
	/** Refused because the relay was full: topic -> waiting peers, retried when room frees. */
	readonly #waiting = new Map<string, Map<string, PeerId>>();
	#bytes = 0;
	#timer?: ReturnType<typeof setInterval>;

	constructor(pubsub: MirrorPubSub, options: TopicMirrorOptions) {
		this.#pubsub = pubsub;
		this.#opts = {
			maxTopicsPerPeer: 8,
			maxTopicsPerAddress: Number.POSITIVE_INFINITY,
			subscriptionBudgetBytes: Number.POSITIVE_INFINITY,
			sweepIntervalMs: 1000,
			idleGraceMs: 5000,
			maxTopicLength: 128,
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

	/** What the relay's subscriptions cost at each peer (topic-budget.ts). */
	get subscriptionBytes(): number {
		return this.#bytes;
	}

	/** Topics waiting for room. */
	get waiting(): number {
		return this.#waiting.size;
	}

	/** Whether `peer` keeps some mirrored topic (it has a room here). */
	hasTopics(peer: PeerId): boolean {
		for (const topic of this.#claims.get(peer.toString()) ?? [])
			if (this.#mirrored.has(topic)) return true;
		return false;
	}

	kindOf(topic: string): TopicKind {
		return topic.startsWith(this.#opts.discoveryTopicPrefix) ? 'discovery' : 'topic';
	}

	/** The peer is gone (its last connection closed): it keeps no topic any more. */
	peerLeft(peer: PeerId): void {
		const now = this.#opts.now();
		for (const topic of [...(this.#claims.get(peer.toString()) ?? [])])
			this.#release(topic, peer, now);
	}

	#onSubscriptionChange = (evt: CustomEvent<SubscriptionChangeData>): void => {
		const { peerId, subscriptions } = evt.detail;
		if (this.#opts.ignorePeer?.(peerId) === true) return;
		const now = this.#opts.now();
		for (const { topic, subscribe } of subscriptions) {
			this.#opts.debug?.('%p %s %s', peerId, subscribe ? 'subscribed to' : 'left', topic);
			if (!this.#opts.prefixes.some((prefix) => topic.startsWith(prefix))) continue;
			if (subscribe) this.#claim(topic, peerId);
			else this.#release(topic, peerId, now);
		}
	};

	#claim(topic: string, peer: PeerId): void {
		const id = peer.toString();
		const claims = this.#claims.get(id) ?? new Set<string>();
		if (claims.has(topic)) return;
		if (topic.length > this.#opts.maxTopicLength) return this.#refuse(topic, peer, 'name');
		if (claims.size >= this.#opts.maxTopicsPerPeer) return this.#refuse(topic, peer, 'per-peer');
		const address = this.#peerAddress.get(id) ?? this.#opts.addressOf?.(peer);
		if (address != null) {
			const used = this.#addressClaims.get(address) ?? 0;
			if (used >= this.#opts.maxTopicsPerAddress) return this.#refuse(topic, peer, 'per-address');
			this.#addressClaims.set(address, used + 1);
			this.#peerAddress.set(id, address);
		}
		claims.add(topic);
		this.#claims.set(id, claims);
		const existing = this.#mirrored.get(topic);
		if (existing != null) {
			existing.peers.set(id, peer);
			existing.emptySince = undefined;
			return;
		}
		const full = this.#roomFor(topic);
		if (full != null) {
			const waiting = this.#waiting.get(topic) ?? new Map<string, PeerId>();
			waiting.set(id, peer);
			this.#waiting.set(topic, waiting);
			return this.#refuse(topic, peer, full);
		}
		this.#subscribe(topic, new Map([[id, peer]]), peer);
	}

	/** Null when `topic` fits, else why not. */
	#roomFor(topic: string): TopicRefusal | null {
		if (this.#mirrored.size >= this.#opts.maxTopics) return 'full';
		if (this.#bytes + topicCost(topic) > this.#opts.subscriptionBudgetBytes) return 'budget';
		return null;
	}

	#subscribe(topic: string, peers: Map<string, PeerId>, first: PeerId): boolean {
		try {
			this.#pubsub.subscribe(topic);
		} catch (error) {
			this.#emit({ type: 'error', topic, error });
			return false;
		}
		this.#waiting.delete(topic);
		this.#mirrored.set(topic, { peers });
		this.#bytes += topicCost(topic);
		const kind = this.kindOf(topic);
		this.#emit({ type: 'mirror', topic, kind, peer: first, mirrored: this.#mirrored.size });
		return true;
	}

	#release(topic: string, peer: PeerId, now: number): void {
		const id = peer.toString();
		const claims = this.#claims.get(id);
		if (claims?.delete(topic) === true) this.#releaseAddressClaim(id, claims.size === 0);
		if (claims?.size === 0) this.#claims.delete(id);
		const waiting = this.#waiting.get(topic);
		waiting?.delete(id);
		if (waiting?.size === 0) this.#waiting.delete(topic);
		const entry = this.#mirrored.get(topic);
		if (entry == null || !entry.peers.delete(id) || entry.peers.size > 0) return;
		entry.emptySince = now;
		if (this.#opts.idleGraceMs <= 0) this.#unsubscribe(topic);
	}

	#releaseAddressClaim(peer: string, last: boolean): void {
		const address = this.#peerAddress.get(peer);
		if (address == null) return;
		const used = (this.#addressClaims.get(address) ?? 1) - 1;
		if (used > 0) this.#addressClaims.set(address, used);
		else this.#addressClaims.delete(address);
		if (last) this.#peerAddress.delete(peer);
	}

	#unsubscribe(topic: string): void {
		try {
			this.#pubsub.unsubscribe(topic);
		} catch (error) {
			this.#emit({ type: 'error', topic, error });
		}
		this.#mirrored.delete(topic);
		this.#bytes -= topicCost(topic);
		const kind = this.kindOf(topic);
		this.#emit({ type: 'unmirror', topic, kind, mirrored: this.#mirrored.size });
	}

	/** Drops peers gossipsub no longer lists and idle topics, then retries waiting topics. */
	sweep(now = this.#opts.now()): void {
		for (const [topic, entry] of [...this.#mirrored]) {
			const subscribed = new Set(this.#connectedSubscribers(topic).map(String));
			for (const peer of [...entry.peers.values()])
				if (!subscribed.has(peer.toString())) this.#release(topic, peer, now);
			if (
				entry.peers.size === 0 &&
				now - (entry.emptySince ?? now) >= this.#opts.idleGraceMs &&
				this.#mirrored.has(topic)
			)
				this.#unsubscribe(topic);
		}
		for (const [topic, waiting] of [...this.#waiting]) {
			const subscribed = new Set(this.#connectedSubscribers(topic).map(String));
			for (const [id, peer] of [...waiting])
				if (!subscribed.has(id)) this.#release(topic, peer, now);
			const peers = this.#waiting.get(topic);
			if (peers == null || this.#roomFor(topic) != null) continue;
			const [first] = peers.values();
			if (first != null) this.#subscribe(topic, new Map(peers), first);
		}
	}

	#connectedSubscribers(topic: string): PeerId[] {
		const { isConnected } = this.#opts;
		const subscribers = this.#pubsub.getSubscribers(topic);
		return isConnected == null ? subscribers : subscribers.filter((peer) => isConnected(peer));
	}

	#refuse(topic: string, peer: PeerId, reason: TopicRefusal): void {
		const message = REFUSAL_TEXT[reason]({
			cap: this.#opts.maxTopicsPerPeer,
			addressCap: this.#opts.maxTopicsPerAddress,
			max: this.#opts.maxTopics
		});
		this.#emit({ type: 'refused', topic, kind: this.kindOf(topic), peer, reason, message });
	}

	#emit(event: TopicMirrorEvent): void {
		this.#opts.onEvent?.(event);
	}
}
