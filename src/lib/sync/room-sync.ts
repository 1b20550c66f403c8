import { TopicValidatorResult, type GossipSub, type Message } from '@libp2p/gossipsub';
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface';
import * as Y from 'yjs';
import { DecryptError, type Cipher } from '$lib/crypto/envelope';
import { MAX_GOSSIP_MESSAGE_BYTES } from '$lib/p2p/constants';
import { SYNC_EXCHANGE_TIMEOUT_MS, SYNC_PROTOCOL } from './constants';
import { GOSSIP_ORIGIN, isRemoteOrigin } from './remote-origins';
import type { EncryptedRoomChannel } from './room-channel';
import { ROOM_MESSAGE_DOC_UPDATE, RoomMessageError } from './room-messages';
import { runSyncExchange } from './sync-exchange';

export type SyncNode = Libp2p<{ pubsub: GossipSub }>;

export interface RoomSyncStats {
	published: number;
	received: number;
	rejected: number;
	/** Rejections by kind: 'decrypt', 'malformed', 'bad-update', 'presence', ... */
	rejectedByReason: Record<string, number>;
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
	readonly #channel: EncryptedRoomChannel;
	readonly #syncCipher: Cipher;
	readonly #onEvent: (event: RoomSyncEvent) => void;
	readonly #checkUpdate: (update: Uint8Array) => void;
	readonly #syncing = new Set<string>();
	readonly #controller = new AbortController();
	#topologyId?: string;
	readonly stats: RoomSyncStats = {
		published: 0,
		received: 0,
		rejected: 0,
		rejectedByReason: {},
		exchanges: 0,
		failedExchanges: 0
	};

	constructor(
		node: SyncNode,
		doc: Y.Doc,
		channel: EncryptedRoomChannel,
		syncCipher: Cipher,
		onEvent: (event: RoomSyncEvent) => void = () => {},
		/** Throws for an update that must not be accepted (the board schema); structure is checked here. */
		checkUpdate: (update: Uint8Array) => void = () => {}
	) {
		this.#checkUpdate = checkUpdate;
		this.#node = node;
		this.#doc = doc;
		this.#channel = channel;
		this.#topic = channel.topic;
		this.#syncCipher = syncCipher;
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
			await this.#exchange(stream, peer, started, signal, true);
		} catch (err) {
			this.#exchangeFailed(peer, err);
		} finally {
			this.#syncing.delete(peer);
		}
	}

	/** Counts a message that passed the validator but was refused later (e.g. by presence). */
	reportRejected(peer: string, reason: string, kind = 'presence'): void {
		this.stats.rejected++;
		this.stats.rejectedByReason[kind] = (this.stats.rejectedByReason[kind] ?? 0) + 1;
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
			await this.#exchange(stream, peer, performance.now(), signal, false);
		} catch (err) {
			this.#exchangeFailed(peer, err);
		}
	};

	async #exchange(
		stream: Stream,
		peer: string,
		started: number,
		signal: AbortSignal,
		initiator: boolean
	) {
		try {
			const result = await runSyncExchange(this.#doc, stream, {
				signal,
				cipher: this.#syncCipher,
				initiator,
				// Updates from the stream are checked against the board schema before they are applied.
				checkUpdate: this.#checkUpdate
			});
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

	/** Async (gossipsub awaits it): decrypts and decodes once; anything that fails is rejected. */
	#validate = async (peer: PeerId, message: Message): Promise<TopicValidatorResult> => {
		try {
			const decoded = await this.#channel.accept(message);
			// Yjs must be able to read the update before anyone forwards it (reason 'bad-update').
			if (decoded.type === ROOM_MESSAGE_DOC_UPDATE) this.#validUpdate(decoded.update);
			return TopicValidatorResult.Accept;
		} catch (err) {
			this.reportRejected(peer.toString(), (err as Error).message, rejectionKind(err));
			return TopicValidatorResult.Reject;
		}
	};

	/** Whether peers would accept this update in a gossip message. */
	#passesCheck(update: Uint8Array): boolean {
		try {
			this.#checkUpdate(update);
			return true;
		} catch {
			return false;
		}
	}

	/** Throws BadUpdateError unless Yjs can decode the update and it passes the schema check. */
	#validUpdate(update: Uint8Array): void {
		try {
			Y.decodeUpdate(update);
			this.#checkUpdate(update);
		} catch (err) {
			throw new BadUpdateError(`bad update: ${(err as Error).message}`);
		}
	}

	#onMessage = (event: CustomEvent<Message>): void => {
		const message = event.detail;
		if (message.topic !== this.#topic) return;
		// Opened by #validate before gossipsub delivered it; nothing else gets here.
		const decoded = this.#channel.opened(message);
		if (decoded?.type !== ROOM_MESSAGE_DOC_UPDATE) return; // presence: AwarenessSync's listener
		try {
			Y.applyUpdate(this.#doc, decoded.update, GOSSIP_ORIGIN);
			this.stats.received++;
		} catch (err) {
			// A well-framed message whose update Yjs cannot read: dropped and counted.
			const peer = message.type === 'signed' ? message.from.toString() : 'unknown';
			this.reportRejected(peer, `bad update: ${(err as Error).message}`, 'bad-update');
		}
	};

	#onDocUpdate = (update: Uint8Array, origin: unknown): void => {
		if (isRemoteOrigin(origin)) return;
		if (update.length > MAX_GOSSIP_UPDATE_BYTES || !this.#passesCheck(update)) {
			// Peers would refuse this message (too big, too many elements) and score us down:
			// the state-vector exchange carries it instead, in pieces checked one by one.
			void this.resyncAll();
			return;
		}
		this.stats.published++;
		this.#channel.publish({ type: ROOM_MESSAGE_DOC_UPDATE, update }).catch((err: Error) => {
			// Nobody to send to (offline, alone): the state-vector exchange catches peers up later.
			this.#onEvent({ type: 'publish-failed', error: err.message });
		});
	};
}

function rejectionKind(err: unknown): string {
	if (err instanceof DecryptError) return 'decrypt';
	if (err instanceof RoomMessageError) return 'malformed';
	if (err instanceof BadUpdateError) return 'bad-update';
	return 'other';
}

/** Room message framing and the encryption envelope take a few bytes of the gossip limit. */
const MAX_GOSSIP_UPDATE_BYTES = MAX_GOSSIP_MESSAGE_BYTES - 1024;

export class BadUpdateError extends Error {
	override name = 'BadUpdateError';
}
