import { PubSubPeerDiscovery, pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery';
import type { GossipSub, SubscriptionChangeData } from '@libp2p/gossipsub';
import type { Libp2p, PeerDiscovery, PeerInfo } from '@libp2p/interface';
import { DISCOVERY_INTERVAL_MS } from './constants.ts';

type DiscoveryFactory = ReturnType<typeof pubsubPeerDiscovery>;

/**
 * pubsub-peer-discovery on one room's discovery topic, plus prompt announcements. The module on its
 * own announces at start (when we have no relay address yet and nobody listens) and then every
 * interval; joining would take up to that interval. So we also announce whenever our addresses
 * change (a relay reservation arrived), a peer subscribes to the topic, or a new peer shows up
 * (so that it learns about us without waiting).
 */
export class RoomDiscovery {
	readonly topic: string;
	#instance?: PubSubPeerDiscovery;
	#node?: Libp2p<{ pubsub: GossipSub }>;
	#pending?: ReturnType<typeof setTimeout>;
	readonly #known = new Set<string>();

	constructor(topic: string) {
		this.topic = topic;
	}

	/** Goes into libp2p's `peerDiscovery` list. */
	readonly factory: DiscoveryFactory = (components) => {
		const discovery = pubsubPeerDiscovery({
			topics: [this.topic],
			interval: DISCOVERY_INTERVAL_MS
		})(components) as PeerDiscovery & PubSubPeerDiscovery;
		this.#instance = discovery;
		return discovery;
	};

	/** Wires the prompt announcements; call after the node has started. */
	attach(node: Libp2p<{ pubsub: GossipSub }>): void {
		this.#node = node;
		node.addEventListener('self:peer:update', this.#announceSoon);
		node.addEventListener('peer:discovery', this.#onDiscovery);
		node.services.pubsub.addEventListener('subscription-change', this.#onSubscriptionChange);
		this.#announceSoon();
	}

	detach(): void {
		clearTimeout(this.#pending);
		const node = this.#node;
		if (node == null) return;
		node.removeEventListener('self:peer:update', this.#announceSoon);
		node.removeEventListener('peer:discovery', this.#onDiscovery);
		node.services.pubsub.removeEventListener('subscription-change', this.#onSubscriptionChange);
		this.#node = undefined;
	}

	/** Coalesces bursts of triggers (several events arrive together) into one announcement. */
	#announceSoon = (): void => {
		if (this.#pending != null) return;
		this.#pending = setTimeout(() => {
			this.#pending = undefined;
			if (this.#node?.status !== 'started') return;
			try {
				this.#instance?._broadcast();
			} catch {
				// Publishing can fail while the node stops; the next trigger or interval retries.
			}
		}, 20);
	};

	#onSubscriptionChange = (event: CustomEvent<SubscriptionChangeData>): void => {
		const joined = event.detail.subscriptions.some((s) => s.topic === this.topic && s.subscribe);
		if (joined) this.#announceSoon();
	};

	#onDiscovery = (event: CustomEvent<PeerInfo>): void => {
		const id = event.detail.id.toString();
		if (this.#known.has(id)) return;
		this.#known.add(id);
		this.#announceSoon();
	};
}
