import { PubSubPeerDiscovery, pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery';
import type { GossipSub, SubscriptionChangeData } from '@libp2p/gossipsub';
import type { Libp2p, PeerDiscovery, PeerInfo } from '@libp2p/interface';
import { DISCOVERY_INTERVAL_MS } from './constants';

type DiscoveryFactory = ReturnType<typeof pubsubPeerDiscovery>;

/**
 * Announcements closer together than this are merged into one trailing announcement, so a burst
 * of triggers (several events arrive together) costs at most two messages.
 */
export const ANNOUNCE_SPACING_MS = 20;

/** Records kept for late listeners (the dialer); a room has far fewer peers. */
const MAX_RECORDS = 1_000;

/**
 * pubsub-peer-discovery on one room's discovery topic, plus prompt announcements. The module on its
 * own announces at start (when we have no relay address yet and nobody listens) and then every
 * interval; joining would take up to that interval. So we also announce whenever our addresses
 * change (a relay reservation arrived), a peer subscribes to the topic, or a new peer shows up
 * (so that it learns about us without waiting).
 *
 * Every record received is passed on as a `peer` event, also when the peer is already known:
 * libp2p's own `peer:discovery` fires only the first time a peer is seen, and a peer's first record
 * often has no relay address yet (it announced before its reservation completed).
 */
export class RoomDiscovery extends EventTarget {
	readonly topic: string;
	#instance?: PubSubPeerDiscovery;
	#node?: Libp2p<{ pubsub: GossipSub }>;
	#pending?: ReturnType<typeof setTimeout>;
	#lastAnnounced = -Infinity;
	/** The latest record of each peer, so that a listener attached later misses nobody. */
	readonly #records = new Map<string, PeerInfo>();

	constructor(topic: string) {
		super();
		this.topic = topic;
	}

	/** Goes into libp2p's `peerDiscovery` list. */
	readonly factory: DiscoveryFactory = (components) => {
		const discovery = pubsubPeerDiscovery({
			topics: [this.topic],
			interval: DISCOVERY_INTERVAL_MS
		})(components) as PeerDiscovery & PubSubPeerDiscovery;
		discovery.addEventListener('peer', this.#onRecord);
		this.#instance = discovery;
		return discovery;
	};

	/** The latest record of every peer heard from so far. */
	records(): PeerInfo[] {
		return [...this.#records.values()];
	}

	/**
	 * Wires the prompt announcements and announces at once; call after the node has started.
	 * Attach once the room is ready for the connections an announcement brings.
	 */
	attach(node: Libp2p<{ pubsub: GossipSub }>): void {
		this.#node = node;
		node.addEventListener('self:peer:update', this.announceSoon);
		// A relay reservation: our `/p2p-circuit/webrtc` address exists from now on. (libp2p's
		// self:peer:update reports it too, but only a second later: it is debounced.)
		node.addEventListener('transport:listening', this.announceSoon);
		node.services.pubsub.addEventListener('subscription-change', this.#onSubscriptionChange);
		this.announceSoon();
	}

	detach(): void {
		clearTimeout(this.#pending);
		this.#pending = undefined;
		const node = this.#node;
		if (node == null) return;
		node.removeEventListener('self:peer:update', this.announceSoon);
		node.removeEventListener('transport:listening', this.announceSoon);
		node.services.pubsub.removeEventListener('subscription-change', this.#onSubscriptionChange);
		this.#node = undefined;
	}

	/**
	 * Announces on the next turn of the event loop (so that the events of one burst are merged),
	 * or, if we announced less than ANNOUNCE_SPACING_MS ago, once that time is up.
	 */
	announceSoon = (): void => {
		if (this.#pending != null) return;
		const wait = Math.max(0, this.#lastAnnounced + ANNOUNCE_SPACING_MS - performance.now());
		this.#pending = setTimeout(() => {
			this.#pending = undefined;
			if (this.#node?.status !== 'started') return;
			this.#lastAnnounced = performance.now();
			try {
				this.#instance?._broadcast();
			} catch {
				// Publishing can fail while the node stops; the next trigger or interval retries.
			}
		}, wait);
	};

	#onSubscriptionChange = (event: CustomEvent<SubscriptionChangeData>): void => {
		const joined = event.detail.subscriptions.some((s) => s.topic === this.topic && s.subscribe);
		if (joined) this.announceSoon();
	};

	#onRecord = (event: CustomEvent<PeerInfo>): void => {
		const record = event.detail;
		const id = record.id.toString();
		const known = this.#records.has(id);
		this.#records.delete(id);
		this.#records.set(id, record);
		if (this.#records.size > MAX_RECORDS) {
			const oldest = this.#records.keys().next().value;
			if (oldest != null) this.#records.delete(oldest);
		}
		// A newcomer learns about us without waiting for the interval.
		if (!known) this.announceSoon();
		this.dispatchEvent(new CustomEvent<PeerInfo>('peer', { detail: record }));
	};
}
