import type { GossipSub, SubscriptionChangeData } from '@libp2p/gossipsub';
import type {
	ComponentLogger,
	Libp2pEvents,
	Logger,
	PeerInfo,
	Startable,
	TypedEventTarget
} from '@libp2p/interface';
import { defaultLogger } from '@libp2p/logger';
import {
	PubSubPeerDiscovery,
	pubsubPeerDiscovery,
	type PubSubPeerDiscoveryComponents
} from '@libp2p/pubsub-peer-discovery';
import { ANNOUNCE_SPACING_MS, DISCOVERY_INTERVAL_MS, MAX_DISCOVERY_RECORDS } from './constants';

export interface RoomDiscoveryInit {
	/** The room's discovery topic (topics.ts `discoveryTopic`). */
	topic: string;
	logger?: ComponentLogger;
}

/**
 * The libp2p components the discovery uses: pubsub-peer-discovery's own, the node's event bus
 * (our addresses changed) and gossipsub (a peer subscribed).
 */
export interface RoomDiscoveryComponents extends PubSubPeerDiscoveryComponents {
	events: Pick<TypedEventTarget<Libp2pEvents>, 'addEventListener' | 'removeEventListener'>;
	pubsub?: GossipSub;
}

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
 *
 * A record reaches peers that are not connected to us only through the relay. Two things used to
 * lose it until the next interval: gossipsub's IP colocation score (P6) in a browser that had
 * dialled more than ten peers through the relay within an hour (all of them carry the relay's IP)
 * pushed the relay below zero, out of its mesh and gossip (node.ts turns P6 off); and the relay
 * forwards to its mesh only, which a newcomer may not be in yet. The relay now hands a newcomer
 * every record it holds and spreads new records beyond its mesh (relay/discovery-records.ts).
 *
 * libp2p creates, starts and stops the pubsub-peer-discovery instance (`service`); `start()` and
 * `stop()` switch the prompt announcements, once the room is ready for the connections they bring.
 *
 * The records reach our dialer only, never libp2p (a service, not one of its `peerDiscovery`
 * modules): libp2p would pass each one on as `peer:discovery`, and the circuit relay transport,
 * while it still looks for a relay (until the first reservation is made), dials every peer so
 * discovered. A newcomer hears of the peers in the room before its reservation arrives; that dial
 * then ends when the search does, 20-40 ms later, and takes our dialer's dial to the same peer,
 * which libp2p had joined to it, along (seen in libp2p's debug log of a join; the retry cost
 * ~0.4 s). The dialer dials the records' addresses itself, so libp2p needs no copy of them.
 */
export class RoomDiscovery extends EventTarget {
	readonly topic: string;
	readonly #log: Logger;
	#components?: RoomDiscoveryComponents;
	#instance?: PubSubPeerDiscovery;
	#started = false;
	#pending?: ReturnType<typeof setTimeout>;
	#lastAnnounced = -Infinity;
	#failedAnnouncements = 0;
	/** The latest record of each peer, so that a listener attached later misses nobody. */
	readonly #records = new Map<string, PeerInfo>();

	constructor(init: RoomDiscoveryInit) {
		super();
		this.topic = init.topic;
		this.#log = (init.logger ?? defaultLogger()).forComponent('whiteboard:discovery');
	}

	/** Goes into libp2p's `services` (see above). */
	readonly service = (components: RoomDiscoveryComponents): Startable => {
		const discovery = pubsubPeerDiscovery({
			topics: [this.topic],
			interval: DISCOVERY_INTERVAL_MS
		})(components) as PubSubPeerDiscovery;
		discovery.addEventListener('peer', this.#onRecord);
		this.#components = components;
		this.#instance = discovery;
		return new DiscoveryService(discovery);
	};

	/** The latest record of every peer heard from so far. */
	records(): PeerInfo[] {
		return [...this.#records.values()];
	}

	/** Announcements that failed (they are retried by the next trigger or the interval). */
	get failedAnnouncements(): number {
		return this.#failedAnnouncements;
	}

	/** Wires the prompt announcements and announces at once; call after the node has started. */
	start(): void {
		const components = this.#components;
		if (this.#started || components == null) return;
		this.#started = true;
		components.events.addEventListener('self:peer:update', this.announceSoon);
		// A relay reservation: our `/p2p-circuit/webrtc` address exists from now on. (libp2p's
		// self:peer:update reports it too, but only a second later: it is debounced.)
		components.events.addEventListener('transport:listening', this.announceSoon);
		components.pubsub?.addEventListener('subscription-change', this.#onSubscriptionChange);
		this.announceSoon();
	}

	stop(): void {
		clearTimeout(this.#pending);
		this.#pending = undefined;
		const components = this.#components;
		if (!this.#started || components == null) return;
		this.#started = false;
		components.events.removeEventListener('self:peer:update', this.announceSoon);
		components.events.removeEventListener('transport:listening', this.announceSoon);
		components.pubsub?.removeEventListener('subscription-change', this.#onSubscriptionChange);
	}

	/**
	 * Announces on the next turn of the event loop (so that the events of one burst are merged),
	 * or, if we announced less than ANNOUNCE_SPACING_MS ago, once that time is up.
	 */
	announceSoon = (): void => {
		if (!this.#started || this.#pending != null) return;
		const wait = Math.max(0, this.#lastAnnounced + ANNOUNCE_SPACING_MS - performance.now());
		this.#pending = setTimeout(() => {
			this.#pending = undefined;
			// libp2p has stopped the module (the node is stopping): nothing to announce on.
			if (this.#instance?.isStarted() !== true) return;
			this.#lastAnnounced = performance.now();
			try {
				this.#instance._broadcast();
			} catch (err) {
				// Publishing can fail while the node stops; the next trigger or interval retries.
				this.#failedAnnouncements++;
				this.#log.error('announcing on %s failed - %e', this.topic, err);
			}
		}, wait);
	};

	#onSubscriptionChange = (event: CustomEvent<SubscriptionChangeData>): void => {
		const joined = event.detail.subscriptions.some((s) => s.topic === this.topic && s.subscribe);
		if (!joined) return;
		this.#log.trace('%p subscribed to the discovery topic', event.detail.peerId);
		this.announceSoon();
	};

	#onRecord = (event: CustomEvent<PeerInfo>): void => {
		const record = event.detail;
		const id = record.id.toString();
		const known = this.#records.has(id);
		this.#records.delete(id);
		this.#records.set(id, record);
		if (this.#records.size > MAX_DISCOVERY_RECORDS) {
			const oldest = this.#records.keys().next().value;
			if (oldest != null) this.#records.delete(oldest);
		}
		this.#log.trace('record of %p: %s', record.id, record.multiaddrs.map(String).join(' '));
		// A newcomer learns about us without waiting for the interval.
		if (!known) this.announceSoon();
		this.dispatchEvent(new CustomEvent<PeerInfo>('peer', { detail: record }));
	};
}

/** pubsub-peer-discovery's life cycle, without its `peer` events (RoomDiscovery.service). */
class DiscoveryService implements Startable {
	readonly [Symbol.toStringTag] = 'whiteboard:room-discovery';
	readonly #discovery: PubSubPeerDiscovery;

	constructor(discovery: PubSubPeerDiscovery) {
		this.#discovery = discovery;
	}

	isStarted(): boolean {
		return this.#discovery.isStarted();
	}

	start(): void {
		this.#discovery.start();
	}

	afterStart(): void {
		this.#discovery.afterStart();
	}

	beforeStop(): void {
		this.#discovery.beforeStop();
	}

	stop(): void {
		this.#discovery.stop();
	}
}
