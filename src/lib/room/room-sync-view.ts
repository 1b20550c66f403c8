import type { PeerId } from '@libp2p/interface';
import type { Route } from '$lib/sync/fallback-routing';
import type { LiveLinks } from '$lib/sync/live-links';
import type { DocumentGossip } from '$lib/sync/document-gossip';
import type { RoomRouting } from '$lib/sync/room-routing';
import type { RoomTopic } from '$lib/sync/room-topic';
import type { SyncStream } from '$lib/sync/sync-stream';

/** Counts of the room's sync services, for diagnostics. */
export interface RoomSyncStats {
	/** Document updates published and applied by gossip. */
	published: number;
	received: number;
	/** Room messages (updates and presence) published through the relay (the fallback topic). */
	publishedFallback: number;
	/** Room messages sent on the live links alone. */
	publishedLive: number;
	/** Room messages (and parts of them) refused, in all and by reason. */
	rejected: number;
	rejectedByReason: Record<string, number>;
	/** State-vector exchanges finished and failed. */
	exchanges: number;
	failedExchanges: number;
}

/** What diagnostics reads of the room's sync services once the session is online. */
export interface RoomSyncView {
	readonly stats: RoomSyncStats;
	/** Peers currently known to be subscribed to the room topic (those with a direct link). */
	topicPeers(): PeerId[];
	/** Where our last room message went: 'live', 'direct' (room topic), 'fallback' (the relay). */
	route(): Route | undefined;
	/** Peers a message on the room topic reaches now (subscribed, with a writable direct link). */
	directPeers(): string[];
	/** Peers with a live link now (a stream of ours on a direct connection). */
	livePeers(): string[];
}

export interface RoomSyncServices {
	topic: RoomTopic;
	gossip: DocumentGossip;
	stream: SyncStream;
	routing: RoomRouting;
	live: LiveLinks;
}

/** A snapshot of the services' counts, with live accessors for peers and route. */
export function roomSyncView({
	topic,
	gossip,
	stream,
	routing,
	live
}: RoomSyncServices): RoomSyncView {
	return {
		stats: {
			published: gossip.stats.published,
			received: gossip.stats.received,
			publishedFallback: topic.stats.publishedFallback,
			publishedLive: topic.stats.publishedLive,
			rejected: topic.stats.rejected,
			rejectedByReason: { ...topic.stats.rejectedByReason },
			exchanges: stream.stats.exchanges,
			failedExchanges: stream.stats.failedExchanges
		},
		topicPeers: () => topic.subscribers(),
		route: () => routing.lastRoute,
		directPeers: () => routing.directPeers(),
		livePeers: () => live.peers()
	};
}
