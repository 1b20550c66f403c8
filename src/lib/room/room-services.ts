import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { RoomKey } from '$lib/crypto/room-key';
import { checkBoardUpdate } from '$lib/board/update-check';
import type { RoomDiscovery } from '$lib/p2p/discovery';
import type { BrowserNode } from '$lib/p2p/node';
import { fallbackTopic, roomTopic } from '$lib/p2p/topics';
import { AwarenessGossip } from '$lib/presence/awareness-gossip';
import { DocumentGossip } from '$lib/sync/document-gossip';
import { LiveHello } from '$lib/sync/live-hello';
import { LiveLinks } from '$lib/sync/live-links';
import { RoomRouting } from '$lib/sync/room-routing';
import { RoomTopic, type Rejection } from '$lib/sync/room-topic';
import { SyncStream, type SyncStreamEvent } from '$lib/sync/sync-stream';
import type { UpdateSource } from '$lib/sync/update-feed';
import { roomSyncView, type RoomSyncView } from './room-sync-view';

export interface RoomServicesOptions {
	node: BrowserNode;
	key: RoomKey;
	discovery: RoomDiscovery;
	doc: Y.Doc;
	awareness: Awareness;
	/** Local updates, heard before the local store writes them. */
	updates: UpdateSource;
	onRejected: (rejection: Rejection) => void;
	onSyncEvent: (event: SyncStreamEvent) => void;
}

/**
 * What keeps an online room in sync with its peers: the room topic with its routing and live
 * links, the two message handlers on it (document updates, presence) and the sync stream. Built
 * together, so a session that stops at any moment after construction stops each of them.
 */
export class RoomServices {
	readonly routing: RoomRouting;
	readonly live: LiveLinks;
	readonly topic: RoomTopic;
	readonly stream: SyncStream;
	readonly gossip: DocumentGossip;
	readonly presence: AwarenessGossip;

	constructor(o: RoomServicesOptions) {
		const { node, key } = o;
		const { logger } = node;
		const topicName = roomTopic(key.topicId);
		const live = new LiveLinks({
			node,
			hello: new LiveHello(topicName, key.gossip, key),
			onFrame: (frame, from, role) => this.topic.acceptLive(frame, from, role),
			logger
		});
		this.live = live;
		const routing = new RoomRouting({
			pubsub: node.services.pubsub,
			node,
			live,
			roomTopic: topicName,
			discovery: o.discovery,
			logger
		});
		this.routing = routing;
		this.topic = new RoomTopic({
			pubsub: node.services.pubsub,
			topic: topicName,
			fallbackTopic: fallbackTopic(key.topicId),
			route: routing.route,
			live,
			onFallbackMessage: (from) => routing.heard(from),
			cipher: key.gossip,
			writeKey: key,
			logger,
			onRejected: o.onRejected
		});
		const stream = new SyncStream({
			node,
			doc: o.doc,
			cipher: key.sync,
			writeKey: key,
			checkUpdate: checkBoardUpdate,
			logger,
			onEvent: o.onSyncEvent
		});
		this.stream = stream;
		this.gossip = new DocumentGossip({
			doc: o.doc,
			updates: o.updates,
			topic: this.topic,
			checkUpdate: checkBoardUpdate,
			resync: () => void stream.resyncAll(),
			logger,
			readOnly: !key.canWrite
		});
		this.presence = new AwarenessGossip({
			node,
			awareness: o.awareness,
			topic: this.topic,
			logger
		});
	}

	async start(): Promise<void> {
		// Handlers first: until the topic has one, a message of its type is rejected as unknown.
		this.gossip.start();
		this.presence.start();
		this.routing.start();
		this.topic.start();
		await this.live.start();
		await this.stream.start();
	}

	async stop(): Promise<void> {
		// The goodbye goes out on the topic, so presence stops before it.
		await this.presence.stop();
		await this.live.stop();
		this.topic.stop();
		this.routing.stop();
		this.gossip.stop();
		await this.stream.stop();
	}

	/** The room's sync counts and topic peers (Diagnostics). */
	get view(): RoomSyncView {
		const { topic, gossip, stream, routing, live } = this;
		return roomSyncView({ topic, gossip, stream, routing, live });
	}
}
