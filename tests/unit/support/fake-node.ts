import { generateKeyPair } from '@libp2p/crypto/keys';
import type { Connection, PeerId } from '@libp2p/interface';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';

/**
 * A narrow hand-written stand-in for a libp2p node, for tests about timing and decisions: every
 * dial waits until the test settles it (or its signal aborts, as libp2p's does), connections are
 * plain records, events are dispatched as libp2p dispatches them.
 */

export async function newPeerId(): Promise<PeerId> {
	return peerIdFromPrivateKey(await generateKeyPair('Ed25519'));
}

/** `count` peer ids, sorted by their string form (the order the dialer compares). */
export async function sortedPeerIds(count: number): Promise<PeerId[]> {
	const ids = await Promise.all(Array.from({ length: count }, newPeerId));
	return ids.sort((a, b) => (a.toString() < b.toString() ? -1 : 1));
}

/** A stream as the dialer's stall watch reads it: protocol, direction, the remote's close. */
export class FakeStream extends EventTarget {
	readonly protocol: string;
	readonly direction: 'inbound' | 'outbound';
	remoteWriteStatus: 'writable' | 'closed' = 'writable';

	constructor(protocol: string, direction: 'inbound' | 'outbound' = 'outbound') {
		super();
		this.protocol = protocol;
		this.direction = direction;
	}

	/** The remote closes its writable end. */
	remoteClose(): void {
		this.remoteWriteStatus = 'closed';
		this.dispatchEvent(new Event('remoteCloseWrite'));
	}
}

export interface FakeConnection {
	remotePeer: PeerId;
	remoteAddr: Multiaddr;
	direction: 'inbound' | 'outbound';
	limits?: { bytes?: bigint; seconds?: number };
	status: 'open' | 'closed';
	streams: FakeStream[];
	closed: number;
	close(): Promise<void>;
}

export interface DialOptions {
	signal?: AbortSignal;
	onProgress?: (event: { type: string }) => void;
}

export class FakeDial {
	readonly target: Multiaddr | Multiaddr[];
	readonly options: DialOptions;
	readonly promise: Promise<Connection>;
	settled = false;
	#resolve!: (connection: Connection) => void;
	#reject!: (err: unknown) => void;
	readonly #node: FakeNode;

	constructor(node: FakeNode, target: Multiaddr | Multiaddr[], options: DialOptions) {
		this.#node = node;
		this.target = target;
		this.options = options;
		this.promise = new Promise<Connection>((resolve, reject) => {
			this.#resolve = resolve;
			this.#reject = reject;
		});
		const signal = options.signal;
		if (signal?.aborted) this.fail(signal.reason);
		signal?.addEventListener('abort', () => this.fail(signal.reason), { once: true });
	}

	get aborted(): boolean {
		return this.options.signal?.aborted ?? false;
	}

	/** Reports a dial stage, as @libp2p/webrtc does through `onProgress`. */
	progress(type: string): void {
		this.options.onProgress?.({ type });
	}

	/**
	 * Opens the dial's signalling stream to `peer`, on a relayed connection, as @libp2p/webrtc
	 * does before it sends its offer.
	 */
	signalling(peer: PeerId, protocol = '/webrtc-signaling/0.0.1'): FakeStream {
		const relayed =
			this.#node.connections.find((c) => c.limits != null && c.remotePeer.equals(peer)) ??
			this.#node.addConnection(peer, 'outbound', { bytes: 131072n, seconds: 120 });
		const stream = new FakeStream(protocol);
		relayed.streams.push(stream);
		return stream;
	}

	/** Connects to `peer` (a direct WebRTC connection unless `limits` make it relayed). */
	succeed(peer: PeerId, limits?: FakeConnection['limits']): FakeConnection {
		const connection = this.#node.addConnection(peer, 'outbound', limits);
		this.settled = true;
		this.#resolve(connection as unknown as Connection);
		return connection;
	}

	fail(err: unknown): void {
		if (this.settled) return;
		this.settled = true;
		this.#reject(err);
	}
}

export class FakeNode extends EventTarget {
	readonly peerId: PeerId;
	readonly dials: FakeDial[] = [];
	readonly connections: FakeConnection[] = [];
	/** Round trips answered so far, and how the next ones go: a time in ms, an error, or never. */
	readonly pings: PeerId[] = [];
	pingResult: number | Error | 'hang' = 7;
	readonly services = {
		ping: {
			ping: async (peer: PeerId, options?: { signal?: AbortSignal }): Promise<number> => {
				options?.signal?.throwIfAborted();
				this.pings.push(peer);
				if (this.pingResult instanceof Error) throw this.pingResult;
				if (this.pingResult === 'hang') return hangUntilAborted(options?.signal);
				return this.pingResult;
			}
		}
	};

	constructor(peerId: PeerId) {
		super();
		this.peerId = peerId;
	}

	dial(target: Multiaddr | Multiaddr[], options: DialOptions = {}): Promise<Connection> {
		const dial = new FakeDial(this, target, options);
		this.dials.push(dial);
		return dial.promise;
	}

	getConnections(peer?: PeerId): Connection[] {
		return this.connections.filter(
			(c) => c.status === 'open' && (peer == null || c.remotePeer.equals(peer))
		) as unknown as Connection[];
	}

	/** The dials not settled yet. */
	get pending(): FakeDial[] {
		return this.dials.filter((d) => !d.settled);
	}

	addConnection(
		peer: PeerId,
		direction: FakeConnection['direction'],
		limits?: FakeConnection['limits']
	): FakeConnection {
		const path = limits == null ? '/webrtc' : '/ip4/127.0.0.1/tcp/9090/ws/p2p-circuit';
		const connection: FakeConnection = {
			remotePeer: peer,
			remoteAddr: multiaddr(`${path}/p2p/${peer}`),
			direction,
			limits,
			status: 'open',
			streams: [],
			closed: 0,
			close: async () => {
				connection.closed++;
				this.closeConnection(connection);
			}
		};
		this.connections.push(connection);
		this.dispatchEvent(new CustomEvent('connection:open', { detail: connection }));
		return connection;
	}

	/** Closes `connection`, with `peer:disconnect` when it was the peer's last one. */
	closeConnection(connection: FakeConnection): void {
		if (connection.status === 'closed') return;
		connection.status = 'closed';
		if (this.getConnections(connection.remotePeer).length === 0) {
			this.dispatchEvent(new CustomEvent('peer:disconnect', { detail: connection.remotePeer }));
		}
	}

	/** Closes every connection to `peer`. */
	disconnect(peer: PeerId): void {
		for (const c of this.connections.filter((c) => c.remotePeer.equals(peer))) {
			this.closeConnection(c);
		}
	}
}

/** Never settles unless `signal` aborts (then rejects with its reason). */
function hangUntilAborted(signal?: AbortSignal): Promise<never> {
	return new Promise((_resolve, reject) => {
		signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
	});
}
