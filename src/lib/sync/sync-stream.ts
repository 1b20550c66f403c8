import type {
	ComponentLogger,
	Connection,
	Libp2p,
	Logger,
	PeerId,
	Stream
} from '@libp2p/interface';
import type * as Y from 'yjs';
import { ProtocolRegistration } from '$lib/p2p/protocol-registration';
import type { Cipher } from '$lib/crypto/envelope';
import { SYNC_EXCHANGE_TIMEOUT_MS, SYNC_PROTOCOL } from './constants';
import type { RoomWriteKey } from './room-cipher';
import { runSyncExchange } from './sync-exchange';

/** The part of the libp2p node the sync stream uses. */
export type SyncStreamNode = Pick<
	Libp2p,
	'handle' | 'unhandle' | 'register' | 'unregister' | 'getConnections' | 'peerStore'
>;

export interface SyncStreamStats {
	exchanges: number;
	failedExchanges: number;
}

export type SyncStreamEvent =
	| { type: 'exchange'; peer: string; receivedBytes: number; sentBytes: number; ms: number }
	| { type: 'exchange-failed'; peer: string; error: string };

export interface SyncStreamOptions {
	node: SyncStreamNode;
	doc: Y.Doc;
	/** The room's sync cipher. */
	cipher: Cipher;
	/** The room's write key (RoomKey): state is signed with it, and accepted only so signed. */
	writeKey: RoomWriteKey;
	/** Throws for an update that must not touch the document (the board schema). */
	checkUpdate?: (update: Uint8Array) => void;
	logger: ComponentLogger;
	onEvent?: (event: SyncStreamEvent) => void;
	/** An exchange that has not finished by then is aborted. */
	timeoutMs?: number;
	/** Size of the pieces an answer is cut into (tests use small ones). */
	chunkBytes?: number;
}

/**
 * The `/whiteboard/sync/3.0.0` protocol: every new direct connection to a room peer runs the
 * state-vector exchange, so that a late joiner (or a peer back from offline) gets everything it
 * missed. The side that dialled opens the stream, the other answers; relayed (limited)
 * connections carry no exchange. At most one exchange we start runs per peer at a time.
 */
export class SyncStream {
	readonly stats: SyncStreamStats = { exchanges: 0, failedExchanges: 0 };
	readonly #node: SyncStreamNode;
	readonly #doc: Y.Doc;
	readonly #cipher: Cipher;
	readonly #writeKey: RoomWriteKey;
	readonly #checkUpdate: (update: Uint8Array) => void;
	readonly #log: Logger;
	readonly #onEvent: (event: SyncStreamEvent) => void;
	readonly #timeoutMs: number;
	readonly #chunkBytes: number | undefined;
	readonly #syncing = new Set<string>();
	readonly #registration: ProtocolRegistration;

	constructor(options: SyncStreamOptions) {
		this.#node = options.node;
		this.#doc = options.doc;
		this.#cipher = options.cipher;
		this.#writeKey = options.writeKey;
		this.#checkUpdate = options.checkUpdate ?? (() => {});
		this.#log = options.logger.forComponent('whiteboard:sync-stream');
		this.#onEvent = options.onEvent ?? (() => {});
		this.#timeoutMs = options.timeoutMs ?? SYNC_EXCHANGE_TIMEOUT_MS;
		this.#chunkBytes = options.chunkBytes;
		this.#registration = new ProtocolRegistration(
			options.node,
			SYNC_PROTOCOL,
			this.#onInboundStream,
			{
				onConnect: (_peer: PeerId, connection: Connection) => this.#onPeerConnected(connection)
			}
		);
	}

	async start(): Promise<void> {
		await this.#registration.start();
	}

	async stop(): Promise<void> {
		await this.#registration.stop();
	}

	/**
	 * Runs the exchange again with every directly connected room peer: after being offline, or
	 * for a local update too large to gossip. Resolves when those exchanges have ended.
	 */
	async resyncAll(): Promise<void> {
		const exchanges: Promise<void>[] = [];
		for (const connection of this.#node.getConnections()) {
			if (!isDirect(connection)) continue;
			const peer = await this.#node.peerStore.get(connection.remotePeer).catch(() => null);
			if (peer?.protocols.includes(SYNC_PROTOCOL) === true)
				exchanges.push(this.syncWith(connection));
		}
		await Promise.all(exchanges);
	}

	/**
	 * Runs the exchange with a peer now, over an existing direct connection; does nothing while
	 * one we started with that peer is running. Never throws: a failure is logged and counted.
	 */
	async syncWith(connection: Connection): Promise<void> {
		const peer = connection.remotePeer.toString();
		if (!this.#registration.active || this.#syncing.has(peer)) return;
		this.#syncing.add(peer);
		const started = performance.now();
		const signal = this.#exchangeSignal();
		try {
			const stream = await connection.newStream(SYNC_PROTOCOL, { signal });
			await this.#exchange(stream, peer, started, signal, true);
		} catch (err) {
			this.#exchangeFailed(peer, err);
		} finally {
			this.#syncing.delete(peer);
		}
	}

	#onPeerConnected(connection: Connection): void {
		// Both ends learn of the connection; the dialling side starts the exchange, the other
		// answers it in #onInboundStream. (libp2p tells no topology of limited connections.)
		if (connection.direction === 'outbound' && isDirect(connection)) void this.syncWith(connection);
	}

	#onInboundStream = async (stream: Stream, connection: Connection): Promise<void> => {
		const peer = connection.remotePeer.toString();
		try {
			await this.#exchange(stream, peer, performance.now(), this.#exchangeSignal(), false);
		} catch (err) {
			this.#exchangeFailed(peer, err);
		}
	};

	#exchangeSignal(): AbortSignal {
		return AbortSignal.any([this.#registration.signal, AbortSignal.timeout(this.#timeoutMs)]);
	}

	async #exchange(
		stream: Stream,
		peer: string,
		started: number,
		signal: AbortSignal,
		initiator: boolean
	): Promise<void> {
		try {
			const result = await runSyncExchange(this.#doc, stream, {
				signal,
				cipher: this.#cipher,
				writeKey: this.#writeKey,
				initiator,
				// Updates from the stream are checked against the board schema before they are applied.
				checkUpdate: this.#checkUpdate,
				chunkBytes: this.#chunkBytes
			});
			this.stats.exchanges++;
			const ms = performance.now() - started;
			this.#log(
				'exchange with %s: sent %d B, received %d B',
				peer,
				result.sentBytes,
				result.receivedBytes
			);
			this.#onEvent({ type: 'exchange', peer, ...result, ms });
		} catch (err) {
			stream.abort(err as Error);
			throw err;
		}
	}

	#exchangeFailed(peer: string, err: unknown): void {
		if (!this.#registration.active) return; // stopping aborts whatever runs
		this.stats.failedExchanges++;
		const error = (err as Error).message ?? String(err);
		this.#log.error('exchange with %s failed: %s', peer, error);
		this.#onEvent({ type: 'exchange-failed', peer, error });
	}
}

function isDirect(connection: Connection): boolean {
	return connection.limits == null && connection.status === 'open';
}
