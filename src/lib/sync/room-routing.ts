import type { GossipSub, SubscriptionChangeData } from '@libp2p/gossipsub';
import type {
	ComponentLogger,
	Connection,
	Libp2p,
	Logger,
	PeerId,
	PeerInfo
} from '@libp2p/interface';
import { DISCOVERY_INTERVAL_MS } from '$lib/p2p/constants';
import type { RoomDiscovery } from '$lib/p2p/discovery';
import { chooseRoute, RoomPeers, type Route } from './fallback-routing';

/**
 * A room peer counts as present this long after we last heard of it: two and a half discovery
 * intervals, so one lost re-announcement does not make it disappear.
 */
export const ROOM_PEER_TTL_MS = 2.5 * DISCOVERY_INTERVAL_MS;

export interface RoomRoutingOptions {
	pubsub: Pick<
		GossipSub,
		'getSubscribers' | 'protocols' | 'addEventListener' | 'removeEventListener'
	>;
	/** Whose connections tell whether gossipsub can send to a peer now. */
	node: Pick<Libp2p, 'getConnections'>;
	/** The room topic: its subscribers are the peers with a direct link that carries gossip. */
	roomTopic: string;
	/** The live links: when they reach every room peer, messages go on them alone. */
	live?: { peers(): string[] };
	/** Where room peers are heard of first (their discovery records come through the relay). */
	discovery: Pick<RoomDiscovery, 'records' | 'addEventListener' | 'removeEventListener'>;
	logger: ComponentLogger;
	peerTtlMs?: number;
	now?: () => number;
}

/**
 * Decides, for each message we publish, whether the room topic (direct links only) is enough or
 * the fallback topic is needed (PROTOCOL.md, "Routing"). It knows the room's peers from their
 * discovery records and from the messages they publish on the fallback topic (`heard`). A peer has
 * a direct link when it is subscribed to the room topic and gossipsub has a writable stream to it
 * on an unlimited connection. It asks at every publish, so a direct link that closes sends the
 * next message through the relay.
 */
export class RoomRouting {
	readonly #pubsub: RoomRoutingOptions['pubsub'];
	readonly #node: RoomRoutingOptions['node'];
	readonly #roomTopic: string;
	readonly #discovery: RoomRoutingOptions['discovery'];
	readonly #live: RoomRoutingOptions['live'];
	readonly #peers: RoomPeers;
	readonly #now: () => number;
	readonly #log: Logger;
	#last: Route | undefined;
	#started = false;

	constructor(options: RoomRoutingOptions) {
		this.#pubsub = options.pubsub;
		this.#node = options.node;
		this.#roomTopic = options.roomTopic;
		this.#discovery = options.discovery;
		this.#live = options.live;
		this.#peers = new RoomPeers(options.peerTtlMs ?? ROOM_PEER_TTL_MS);
		this.#now = options.now ?? (() => performance.now());
		this.#log = options.logger.forComponent('whiteboard:routing');
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		// Records heard before we started count as heard now: their peers announced lately.
		for (const record of this.#discovery.records()) this.heard(record.id.toString());
		this.#discovery.addEventListener('peer', this.#onRecord as EventListener);
		this.#pubsub.addEventListener('subscription-change', this.#onSubscriptionChange);
	}

	stop(): void {
		if (!this.#started) return;
		this.#started = false;
		this.#discovery.removeEventListener('peer', this.#onRecord as EventListener);
		this.#pubsub.removeEventListener('subscription-change', this.#onSubscriptionChange);
	}

	/** `peer` is in the room (it announced itself, or a message of its own reached us). */
	heard(peer: string): void {
		this.#peers.heard(peer, this.#now());
	}

	/** Peers that a message on the room topic reaches now: those with a direct link. */
	directPeers(): string[] {
		return this.#pubsub.getSubscribers(this.#roomTopic).filter(this.#canSendTo).map(String);
	}

	/** The route for a message published now. */
	route = (): Route => {
		const direct = new Set(this.directPeers());
		const peers = this.#peers.current(this.#now());
		const live = new Set(this.#live?.peers());
		const route = chooseRoute({ roomPeers: peers, direct, live });
		if (route !== this.#last) {
			this.#last = route;
			const without = peers.filter((p) => !direct.has(p));
			if (route === 'fallback') this.#log('through the relay: no direct link to %s', without);
			else if (route === 'live') this.#log('live links: every room peer (%d)', peers.length);
			else this.#log('room topic: every room peer (%d) has a direct link', peers.length);
		}
		return route;
	};

	/** The route of the last message published (undefined before the first). */
	get lastRoute(): Route | undefined {
		return this.#last;
	}

	/**
	 * Gossipsub forgets a peer only once every connection to it is closed, and the relayed one that
	 * carried the WebRTC signalling can outlive the direct one: so the subscription alone is not
	 * proof. Its outbound stream to the peer is, and it closes with the direct connection.
	 */
	#canSendTo = (peer: PeerId): boolean =>
		this.#node.getConnections(peer).some((c) => c.limits == null && this.#carriesGossip(c));

	#carriesGossip(connection: Connection): boolean {
		if (connection.status !== 'open') return false;
		return connection.streams.some(
			(s) =>
				s.direction === 'outbound' &&
				s.writeStatus === 'writable' &&
				this.#pubsub.protocols.includes(s.protocol)
		);
	}

	#onRecord = (event: CustomEvent<PeerInfo>): void => {
		this.heard(event.detail.id.toString());
	};

	/** A peer that unsubscribes from the room topic has left the room (it stopped cleanly). */
	#onSubscriptionChange = (event: CustomEvent<SubscriptionChangeData>): void => {
		const { peerId, subscriptions } = event.detail;
		const left = subscriptions.some((s) => s.topic === this.#roomTopic && !s.subscribe);
		if (left) this.#peers.forget(peerId.toString());
	};
}
