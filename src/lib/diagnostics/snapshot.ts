import type { NetworkEvent } from '$lib/p2p/events';
import type { CopyState } from '$lib/store/relay-copy';
import type { RoomSession } from '$lib/room/room-session';
import { roomStatus, type ConnectionState } from '$lib/room/room-status';
import type { ByteCounts } from '$lib/p2p/connection-traffic';
import { transportLabel, type TransportLabel } from '$lib/p2p/transport-label';

export interface ConnectionInfo {
	id: string;
	remotePeer: string;
	remoteAddr: string;
	transport: TransportLabel;
	/** Relayed connections are limited in data and time; only signalling runs over them. */
	limited: boolean;
	direction: 'inbound' | 'outbound';
	rttMs?: number;
	openedAt: number;
	/** Open streams, and the protocol of each (e.g. /meshsub/1.2.0). */
	streams: string[];
	/** Bytes through the connection so far (WebRTC: as of the browser's last statistics). */
	bytesIn?: number;
	bytesOut?: number;
}

export interface RelayInfo {
	addr: string;
	/** Null while not connected. */
	peer: string | null;
	/** Whether this browser holds a reservation there (it has a circuit address through it). */
	reserved: boolean;
	/** When that reservation runs out unless refreshed (ms since the epoch), when known. */
	reservationExpiresAt?: number;
}

export interface TopicInfo {
	topic: string;
	subscribers: number;
	/** Gossipsub mesh peers: those the topic's messages go to at once. */
	mesh: number;
}

export interface DiagnosticsSnapshot {
	/** When this picture was taken (ms since the epoch): ages are relative to it. */
	takenAt: number;
	peerId: string;
	status: ConnectionState;
	multiaddrs: string[];
	connections: ConnectionInfo[];
	relays: RelayInfo[];
	/** Every gossipsub topic this browser is subscribed to. */
	topics: TopicInfo[];
	topic: string;
	topicPeers: string[];
	/** Peers with a live link (room messages go on those once every room peer has one). */
	livePeers: string[];
	/** Where our last room message went: 'live', 'direct' (room topic), 'fallback' (the relay). */
	route: string | undefined;
	sync: {
		published: number;
		received: number;
		rejected: number;
		/** Rejections by kind ('decrypt', 'malformed', ...), for telling a wrong key from a bug. */
		rejectedByReason: Record<string, number>;
		exchanges: number;
	};
	/** The relay's copy of the board (null before the session is online). */
	store: CopyState | null;
	/** What relays refused this browser (relay notices), latest last, each once. */
	relayRefused: string[];
	log: NetworkEvent[];
}

/** A read-only picture of the session's libp2p node, taken now. */
export function snapshot(session: RoomSession): DiagnosticsSnapshot {
	const node = session.node;
	const stats = session.sync?.stats;
	if (node == null) {
		return {
			takenAt: Date.now(),
			peerId: '',
			status: 'starting',
			multiaddrs: [],
			connections: [],
			relays: [],
			topics: [],
			topic: session.topic,
			topicPeers: [],
			livePeers: [],
			route: undefined,
			sync: { published: 0, received: 0, rejected: 0, rejectedByReason: {}, exchanges: 0 },
			store: null,
			relayRefused: relayRefusals(session.log),
			log: [...session.log]
		};
	}
	const { traffic, reservations } = node.services;
	const connections = node.getConnections().map((c): ConnectionInfo => ({
		...byteFigures(traffic.bytesOf(c)),
		id: c.id,
		remotePeer: c.remotePeer.toString(),
		remoteAddr: c.remoteAddr.toString(),
		transport: transportLabel(c.remoteAddr),
		limited: c.limits != null,
		direction: c.direction,
		rttMs: c.rtt,
		openedAt: c.timeline.open,
		streams: c.streams.map((stream) => stream.protocol ?? '(negotiating)')
	}));
	const multiaddrs = node.getMultiaddrs().map(String);
	const relays = (session.relays?.status() ?? []).map(({ addr, peer }): RelayInfo => {
		const reserved =
			peer != null && multiaddrs.some((ma) => ma.includes(`/p2p/${peer}/p2p-circuit`));
		const reservationExpiresAt = reserved ? reservations.expiryOf(peer) : undefined;
		return {
			addr,
			peer,
			reserved,
			...(reservationExpiresAt == null ? {} : { reservationExpiresAt })
		};
	});
	const { pubsub } = node.services;
	// The mesh is on the GossipSub class, not on its exported interface.
	const meshOf = (pubsub as { getMeshPeers?: (topic: string) => string[] }).getMeshPeers;
	const topics = pubsub.getTopics().map((topic): TopicInfo => ({
		topic,
		subscribers: pubsub.getSubscribers(topic).length,
		mesh: meshOf?.call(pubsub, topic).length ?? 0
	}));
	return {
		takenAt: Date.now(),
		peerId: node.peerId.toString(),
		status: roomStatus(session).state,
		multiaddrs,
		connections,
		relays,
		topics,
		topic: session.topic,
		topicPeers: session.sync?.topicPeers().map(String) ?? [],
		livePeers: session.sync?.livePeers() ?? [],
		route: session.sync?.route(),
		sync: {
			published: stats?.published ?? 0,
			received: stats?.received ?? 0,
			rejected: stats?.rejected ?? 0,
			rejectedByReason: { ...stats?.rejectedByReason },
			exchanges: stats?.exchanges ?? 0
		},
		store: session.copy == null ? null : { ...session.copy },
		relayRefused: relayRefusals(session.log),
		log: [...session.log]
	};
}

function byteFigures(bytes: ByteCounts | undefined): Pick<ConnectionInfo, 'bytesIn' | 'bytesOut'> {
	return bytes == null ? {} : { bytesIn: bytes.received, bytesOut: bytes.sent };
}

function relayRefusals(log: readonly NetworkEvent[]): string[] {
	const details = log.filter((e) => e.kind === 'relay-refused').map((e) => e.detail ?? '');
	return [...new Set(details)];
}
