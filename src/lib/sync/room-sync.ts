import { TopicValidatorResult, type GossipSub, type Message } from '@libp2p/gossipsub';
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface';
import * as Y from 'yjs';
import { SYNC_EXCHANGE_TIMEOUT_MS, SYNC_PROTOCOL } from './constants.ts';
import { GOSSIP_ORIGIN, isRemoteOrigin } from './origins.ts';
import { decodeRoomMessage, encodeRoomMessage, ROOM_MESSAGE_DOC_UPDATE } from './room-messages.ts';
import { runSyncExchange } from './sync-exchange.ts';

export type SyncNode = Libp2p<{ pubsub: GossipSub }>;

export interface RoomSyncStats {
	published: number;
	received: number;
	rejected: number;
	exchanges: number;
	failedExchanges: number;
}

export type RoomSyncEvent =
	| { type: 'exchange'; peer: string; receivedBytes: number; sentBytes: number; ms: number }
	| { type: 'exchange-failed'; peer: string; error: string }
	| { type: 'rejected'; peer: string; reason: string }
	| { type: 'publish-failed'; error: string };

/**
 * Keeps one Y.Doc in sync with a room: local updates go out on the room's gossipsub topic, remote
 * ones come in from it, and every new direct connection to a room peer runs the state-vector
 * exchange so that a late joiner (or a peer back from offline) gets everything it missed.
 */
export class RoomSync {
	readonly #node: SyncNode;
	readonly #doc: Y.Doc;
	readonly #topic: string;
	readonly #onEvent: (event: RoomSyncEvent) => void;
	readonly #syncing = new Set<string>();
	readonly #controller = new AbortController();
	#topologyId?: string;
	readonly stats: RoomSyncStats = {
		published: 0,
		received: 0,
		rejected: 0,
		exchanges: 0,
		failedExchanges: 0
	};

	constructor(
		node: SyncNode,
		doc: Y.Doc,
		topic: string,
		onEvent: (event: RoomSyncEvent) => void = () => {}
	) {
		this.#node = node;
		this.#doc = doc;
		this.#topic = topic;
		this.#onEvent = onEvent;
	}

	async start(): Promise<void> {
		const pubsub = this.#node.services.pubsub;
		pubsub.topicValidators.set(this.#topic, this.#validate);
		pubsub.addEventListener('message', this.#onMessage);
		pubsub.subscribe(this.#topic);
		this.#doc.on('update', this.#onDocUpdate);
		await this.#node.handle(SYNC_PROTOCOL, this.#onInboundStream);
		this.#topologyId = await this.#node.register(SYNC_PROTOCOL, {
			onConnect: (peerId, connection) => this.#onPeerConnected(peerId, connection)
		});
	}

	async stop(): Promise<void> {
		this.#controller.abort();
		const pubsub = this.#node.services.pubsub;
		this.#doc.off('update', this.#onDocUpdate);
		pubsub.removeEventListener('message', this.#onMessage);
		pubsub.topicValidators.delete(this.#topic);
		pubsub.unsubscribe(this.#topic);
		if (this.#topologyId != null) this.#node.unregister(this.#topologyId);
		await this.#node.unhandle(SYNC_PROTOCOL);
	}

	/** Peers (other than relays) currently known to be subscribed to the room topic. */
	topicPeers(): PeerId[] {
		return this.#node.services.pubsub.getSubscribers(this.#topic);
	}

	/**
	 * Runs the exchange again with every directly connected room peer: after being offline, gossip
	 * may have been lost in either direction even though the connection survived.
	 */
	async resyncAll(): Promise<void> {
		for (const connection of this.#node.getConnections()) {
			if (connection.limits != null || connection.status !== 'open') continue;
			const peer = await this.#node.peerStore.get(connection.remotePeer).catch(() => null);
			if (peer?.protocols.includes(SYNC_PROTOCOL) === true) void this.syncWith(connection);
		}
	}

	/** Runs the exchange with a peer now, over an existing direct connection. */
	async syncWith(connection: Connection): Promise<void> {
		const peer = connection.remotePeer.toString();
		if (this.#syncing.has(peer)) return;
		this.#syncing.add(peer);
		const started = performance.now();
		try {
			const signal = AbortSignal.any([
				this.#controller.signal,
				AbortSignal.timeout(SYNC_EXCHANGE_TIMEOUT_MS)
			]);
			const stream = await connection.newStream(SYNC_PROTOCOL, { signal });
			await this.#exchange(stream, peer, started, signal);
		} catch (err) {
			this.#exchangeFailed(peer, err);
		} finally {
			this.#syncing.delete(peer);
		}
	}

	/** Counts a message that passed the validator but was refused later (e.g. by presence). */
	reportRejected(peer: string, reason: string): void {
		this.stats.rejected++;
		this.#onEvent({ type: 'rejected', peer, reason });
	}

	#onPeerConnected(_peerId: PeerId, connection: Connection): void {
		// Both ends learn of the connection; the dialling side starts the exchange, the other
		// answers it in #onInboundStream. Relayed (limited) connections never get here.
		if (connection.direction === 'outbound') void this.syncWith(connection);
	}

	#onInboundStream = async (stream: Stream, connection: Connection): Promise<void> => {
		const peer = connection.remotePeer.toString();
		const signal = AbortSignal.any([
			this.#controller.signal,
			AbortSignal.timeout(SYNC_EXCHANGE_TIMEOUT_MS)
		]);
		try {
			await this.#exchange(stream, peer, performance.now(), signal);
		} catch (err) {
			this.#exchangeFailed(peer, err);
		}
	};

	async #exchange(stream: Stream, peer: string, started: number, signal: AbortSignal) {
		try {
			const result = await runSyncExchange(this.#doc, stream, { signal });
			this.stats.exchanges++;
			this.#onEvent({ type: 'exchange', peer, ...result, ms: performance.now() - started });
		} catch (err) {
			stream.abort(err as Error);
			throw err;
		}
	}

	#exchangeFailed(peer: string, err: unknown): void {
		if (this.#controller.signal.aborted) return;
		this.stats.failedExchanges++;
		this.#onEvent({ type: 'exchange-failed', peer, error: (err as Error).message ?? String(err) });
	}

	#validate = (peer: PeerId, message: Message): TopicValidatorResult => {
		try {
			decodeRoomMessage(message.data);
			return TopicValidatorResult.Accept;
		} catch (err) {
			this.stats.rejected++;
			this.#onEvent({ type: 'rejected', peer: peer.toString(), reason: (err as Error).message });
			return TopicValidatorResult.Reject;
		}
	};

	#onMessage = (event: CustomEvent<Message>): void => {
		const message = event.detail;
		if (message.topic !== this.#topic) return;
		// Already validated by #validate before gossipsub delivered it.
		const decoded = decodeRoomMessage(message.data);
		if (decoded.type !== ROOM_MESSAGE_DOC_UPDATE) return; // presence: AwarenessSync's listener
		try {
			Y.applyUpdate(this.#doc, decoded.update, GOSSIP_ORIGIN);
			this.stats.received++;
		} catch (err) {
			// A well-framed message whose update Yjs cannot read: dropped and counted.
			this.stats.rejected++;
			const peer = message.type === 'signed' ? message.from.toString() : 'unknown';
			this.#onEvent({ type: 'rejected', peer, reason: `bad update: ${(err as Error).message}` });
		}
	};

	#onDocUpdate = (update: Uint8Array, origin: unknown): void => {
		if (isRemoteOrigin(origin)) return;
		const data = encodeRoomMessage({ type: ROOM_MESSAGE_DOC_UPDATE, update });
		this.stats.published++;
		this.#node.services.pubsub.publish(this.#topic, data).catch((err: Error) => {
			// Nobody to send to (offline, alone): the state-vector exchange catches peers up later.
			this.#onEvent({ type: 'publish-failed', error: err.message });
		});
	};
}
