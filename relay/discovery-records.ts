// Discovery that cannot miss. Gossipsub forwards a message only to the forwarder's mesh, and a
// browser only learns of a room peer from that peer's discovery record, which it publishes when
// something changes and then every 10 s. So a newcomer whose own record goes nowhere (published
// before its stream to the relay was up, or forwarded to a mesh it is not in yet) waited up to
// 10 s for the next round. The relay keeps the latest record of every subscriber of a discovery
// topic and
//   - sends a new subscriber of the topic every record it holds for it, at once;
//   - sends a new or changed record to every subscriber outside its mesh for the topic (the mesh
//     gets it from gossipsub itself).
// The records are the authors' signed gossipsub messages, unchanged (discovery-wire.ts): receivers
// verify and de-duplicate them like any other message, old browsers included. Payloads are never
// decoded.
import type { GossipSub, GossipsubMessage, SubscriptionChangeData } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';
import { gossipReach, toRawMessage, type GossipReach, type RawMessage } from './discovery-wire.ts';

export type RecordsPubSub = Pick<
	GossipSub,
	'getSubscribers' | 'addEventListener' | 'removeEventListener'
>;

export interface DiscoveryRecordsOptions {
	/** Topics whose records are kept and answered (the discovery topics). */
	isDiscoveryTopic: (topic: string) => boolean;
	/** Records kept per topic (latest senders first); a room has far fewer peers. @default 64 */
	maxRecordsPerTopic?: number;
	/** Topics with records; the least recently used is dropped beyond it. @default 1024 */
	maxTopics?: number;
	/** How long to wait for gossipsub's stream to a new subscriber. @default 5000 */
	sendWaitMs?: number;
	/** Direct sends and the mesh; by default gossipsub's own (discovery-wire.ts). */
	reach?: GossipReach;
	/**
	 * Peered relays (federation): records that come through them are of browsers on other
	 * relays, not subscribed here; they are kept for `remoteRecordMs` after each arrives.
	 */
	isRelayPeer?: (peer: PeerId) => boolean;
	/** @default 30000 (browsers announce every 10 s) */
	remoteRecordMs?: number;
	now?: () => number;
	debug?: (formatter: string, ...args: unknown[]) => void;
}

export interface DiscoveryRecordsStats {
	/** Records sent to new subscribers. */
	answered: number;
	/** New or changed records sent to subscribers outside the mesh. */
	spread: number;
	/** Sends given up because gossipsub had no stream to the peer in time. */
	unsent: number;
}

interface Held {
	raw: RawMessage;
	seqno: bigint;
	/** Came through a peered relay: kept until then even though its author is not subscribed here. */
	remoteUntil?: number;
}

const RETRY_MS = 25;

export class DiscoveryRecords {
	readonly stats: DiscoveryRecordsStats = { answered: 0, spread: 0, unsent: 0 };
	readonly #pubsub: RecordsPubSub;
	readonly #opts: Required<Omit<DiscoveryRecordsOptions, 'reach' | 'debug' | 'isRelayPeer'>> &
		Pick<DiscoveryRecordsOptions, 'debug' | 'isRelayPeer'>;
	readonly #reach: GossipReach;
	/** topic -> author -> latest record; Maps keep insertion order, used for LRU. */
	readonly #topics = new Map<string, Map<string, Held>>();
	readonly #timers = new Set<ReturnType<typeof setTimeout>>();
	#started = false;

	constructor(pubsub: RecordsPubSub, options: DiscoveryRecordsOptions) {
		this.#pubsub = pubsub;
		const { reach, ...rest } = options;
		this.#opts = {
			maxRecordsPerTopic: 64,
			maxTopics: 1024,
			sendWaitMs: 5000,
			remoteRecordMs: 30_000,
			now: Date.now,
			...rest
		};
		this.#reach = reach ?? gossipReach(pubsub);
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.#pubsub.addEventListener('gossipsub:message', this.#onMessage);
		this.#pubsub.addEventListener('subscription-change', this.#onSubscriptionChange);
	}

	stop(): void {
		this.#started = false;
		this.#pubsub.removeEventListener('gossipsub:message', this.#onMessage);
		this.#pubsub.removeEventListener('subscription-change', this.#onSubscriptionChange);
		for (const timer of this.#timers) clearTimeout(timer);
		this.#timers.clear();
		this.#topics.clear();
	}

	/** Drops a topic's records (the relay stopped mirroring it). */
	forget(topic: string): void {
		this.#topics.delete(topic);
	}

	/** How many records are held for `topic`. */
	held(topic: string): number {
		return this.#topics.get(topic)?.size ?? 0;
	}

	#onMessage = (event: CustomEvent<GossipsubMessage>): void => {
		const { msg, propagationSource } = event.detail;
		if (msg.type !== 'signed' || !this.#opts.isDiscoveryTopic(msg.topic)) return;
		const author = msg.from.toString();
		const records = this.#recordsOf(msg.topic);
		const previous = records.get(author);
		// Gossip can deliver an older record after a newer one.
		if (previous != null && previous.seqno >= msg.sequenceNumber) return;
		const raw = toRawMessage(msg);
		const remote = this.#opts.isRelayPeer?.(propagationSource) === true;
		records.delete(author);
		records.set(author, {
			raw,
			seqno: msg.sequenceNumber,
			...(remote ? { remoteUntil: this.#opts.now() + this.#opts.remoteRecordMs } : {})
		});
		if (records.size > this.#opts.maxRecordsPerTopic) {
			const oldest = records.keys().next().value;
			if (oldest != null) records.delete(oldest);
		}
		if (previous != null && sameBytes(previous.raw.data, raw.data)) return;
		// New or changed (e.g. it now has a relay address): everyone must hear it, not only the mesh.
		const mesh = new Set(this.#reach.meshPeers(msg.topic));
		for (const peer of this.#pubsub.getSubscribers(msg.topic)) {
			const id = peer.toString();
			if (id === author || peer.equals(propagationSource) || mesh.has(id)) continue;
			this.stats.spread++;
			this.#sendSoon(peer, [raw]);
		}
	};

	#onSubscriptionChange = (event: CustomEvent<SubscriptionChangeData>): void => {
		const { peerId, subscriptions } = event.detail;
		for (const { topic, subscribe } of subscriptions) {
			if (!this.#opts.isDiscoveryTopic(topic)) continue;
			if (!subscribe) {
				this.#topics.get(topic)?.delete(peerId.toString());
				continue;
			}
			const records = this.#current(topic).filter(([author]) => author !== peerId.toString());
			if (records.length === 0) continue;
			this.#opts.debug?.('answering %p on %s with %d records', peerId, topic, records.length);
			this.stats.answered += records.length;
			this.#sendSoon(
				peerId,
				records.map(([, held]) => held.raw)
			);
		}
	};

	/** The records of peers still subscribed to `topic`; the others are dropped. */
	#current(topic: string): Array<[string, Held]> {
		const records = this.#topics.get(topic);
		if (records == null) return [];
		const subscribed = new Set(this.#pubsub.getSubscribers(topic).map(String));
		const now = this.#opts.now();
		for (const [author, held] of records) {
			const remote = held.remoteUntil != null && held.remoteUntil > now;
			if (!subscribed.has(author) && !remote) records.delete(author);
		}
		return [...records];
	}

	#recordsOf(topic: string): Map<string, Held> {
		let records = this.#topics.get(topic);
		if (records != null) {
			// Most recently used last.
			this.#topics.delete(topic);
		} else {
			records = new Map();
		}
		this.#topics.set(topic, records);
		if (this.#topics.size > this.#opts.maxTopics) {
			const oldest = this.#topics.keys().next().value;
			if (oldest != null) this.#topics.delete(oldest);
		}
		return records;
	}

	/** Sends now, or as soon as gossipsub has its stream to the peer (it opens it a moment late). */
	#sendSoon(peer: PeerId, messages: RawMessage[], waited = 0): void {
		if (!this.#started) return;
		if (this.#reach.send(peer, messages)) return;
		if (waited >= this.#opts.sendWaitMs) {
			this.stats.unsent++;
			this.#opts.debug?.('no gossipsub stream to %p after %d ms, not sent', peer, waited);
			return;
		}
		const timer = setTimeout(() => {
			this.#timers.delete(timer);
			this.#sendSoon(peer, messages, waited + RETRY_MS);
		}, RETRY_MS);
		this.#timers.add(timer);
	}
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
	if (a == null || b == null) return a === b;
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
