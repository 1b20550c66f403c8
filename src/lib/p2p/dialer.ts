import type { GossipSub } from '@libp2p/gossipsub';
import type { Connection, Libp2p, PeerId, PeerInfo } from '@libp2p/interface';
import type { Ping } from '@libp2p/ping';
import { DIAL_TIMEOUTS_MS } from './constants';
import type { NetworkEventSink } from './events';
import type { RoomDiscovery } from './discovery';
import { preferredWebRTCAddrs } from './webrtc-addrs';

type DialerNode = Libp2p<{ pubsub: GossipSub; ping: Ping }>;

/** The peer that was told second waits this long for the other to dial before dialling itself. */
const FALLBACK_DIAL_DELAY_MS = 4_000;

/** A failed dial is retried after these delays (signalling through a relay can stall). */
const RETRY_DELAYS_MS = [500, 1_500, 4_000, 10_000];

/**
 * How long a first dial may take from the peer's first ICE candidate to a usable connection (on
 * loopback a few ms; typically well under a second even through a TURN relay). @libp2p/webrtc's
 * initiator sometimes never sees its "init" data channel open although the other side has accepted
 * the connection already, and then waits out the whole dial timeout (3 s; about 1 join in 8 on
 * loopback). A first dial is abandoned after this long and retried at once; the retry normally
 * connects in ~150 ms. Retries have no such limit, so a network that is merely slow to connect
 * costs one extra attempt, never the link.
 */
const STALL_AFTER_ICE_MS = 1_500;

/**
 * Upgrades discovered room peers to direct WebRTC connections: dials their `/p2p-circuit/webrtc`
 * address (the relayed connection carries only the signalling), one dial at a time per peer.
 * Only the peer with the smaller id dials, so two peers do not race into two connections; the
 * other dials too if nothing happened after a grace period.
 */
export class RoomDialer {
	readonly #node: DialerNode;
	readonly #discovery: RoomDiscovery;
	readonly #onEvent: NetworkEventSink;
	/** The latest discovery record of each peer: retries dial its current addresses. */
	readonly #records = new Map<string, PeerInfo>();
	readonly #dialing = new Set<string>();
	readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
	readonly #controller = new AbortController();

	/** Dials the peers `discovery` has heard from already, and those it hears from later. */
	constructor(node: DialerNode, discovery: RoomDiscovery, onEvent: NetworkEventSink) {
		this.#node = node;
		this.#discovery = discovery;
		this.#onEvent = onEvent;
		discovery.addEventListener('peer', this.#onDiscovery as EventListener);
		node.addEventListener('connection:open', this.#onConnectionOpen);
		for (const record of discovery.records()) this.#consider(record);
	}

	stop(): void {
		this.#controller.abort();
		this.#discovery.removeEventListener('peer', this.#onDiscovery as EventListener);
		this.#node.removeEventListener('connection:open', this.#onConnectionOpen);
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
	}

	hasDirectConnection(peer: PeerId): boolean {
		return this.#node.getConnections(peer).some((c) => c.limits == null && c.status === 'open');
	}

	/** The dialled side learns of its direct connections here. */
	#onConnectionOpen = (event: CustomEvent<Connection>): void => {
		const connection = event.detail;
		const webrtc = connection.remoteAddr.getComponents().some((c) => c.name === 'webrtc');
		if (connection.direction !== 'inbound' || connection.limits != null || !webrtc) return;
		this.#onEvent({ kind: 'direct', peer: connection.remotePeer.toString(), detail: 'accepted' });
	};

	#onDiscovery = (event: CustomEvent<PeerInfo>): void => {
		this.#consider(event.detail);
	};

	/**
	 * Every record counts, not only a peer's first: a peer that announced itself before its relay
	 * reservation completed becomes dialable with a later record.
	 */
	#consider(record: PeerInfo): void {
		const { id, multiaddrs } = record;
		const addrs = preferredWebRTCAddrs(multiaddrs);
		if (addrs.length === 0) return;
		const key = id.toString();
		this.#records.set(key, record);
		if (this.hasDirectConnection(id)) return;
		if (this.#dialing.has(key) || this.#timers.has(key)) return;
		this.#onEvent({ kind: 'discovered', peer: key });
		if (this.#node.peerId.toString() < key) {
			void this.#dial(id);
		} else {
			const timer = setTimeout(() => {
				this.#timers.delete(key);
				if (!this.hasDirectConnection(id)) void this.#dial(id);
			}, FALLBACK_DIAL_DELAY_MS);
			this.#timers.set(key, timer);
		}
	}

	async #dial(id: PeerId, attempt = 0): Promise<void> {
		const key = id.toString();
		const info = this.#records.get(key);
		if (info == null || this.#dialing.has(key) || this.#controller.signal.aborted) return;
		this.#dialing.add(key);
		const addrs = preferredWebRTCAddrs(info.multiaddrs);
		this.#onEvent({ kind: 'dialing', peer: key, detail: addrs.map(String).join(' ') });
		const started = performance.now();
		let connection: Connection | undefined;
		let stage = 'WebRTC dial';
		const stall = new AbortController();
		let stallTimer: ReturnType<typeof setTimeout> | undefined;
		const onProgress = (event: { type: string }): void => {
			if (attempt > 0 || stallTimer != null || event.type !== 'webrtc:add-ice-candidate') return;
			stallTimer = setTimeout(() => stall.abort(), STALL_AFTER_ICE_MS);
		};
		try {
			const signal = AbortSignal.any([
				this.#controller.signal,
				stall.signal,
				AbortSignal.timeout(DIAL_TIMEOUTS_MS[attempt] ?? 20_000)
			]);
			connection = await this.#node.dial(addrs, { signal, onProgress });
			clearTimeout(stallTimer);
			stage = 'round trip over the new connection';
			// An open RTCPeerConnection is not proof that data flows: a round trip is.
			const rtt = await this.#node.services.ping.ping(connection.remotePeer, { signal });
			const ms = Math.round(performance.now() - started);
			this.#onEvent({ kind: 'direct', peer: key, detail: `in ${ms} ms, rtt ${rtt} ms` });
		} catch (err) {
			if (this.#controller.signal.aborted) return;
			const stalled = stall.signal.aborted && connection == null;
			this.#onEvent({
				kind: 'dial-failed',
				peer: key,
				detail: stalled
					? `${stage}: no connection ${STALL_AFTER_ICE_MS} ms after ICE, retrying now`
					: `${stage}: ${(err as Error).message}`
			});
			// A connection that cannot carry a ping would be reused by the next dial: drop it.
			await connection?.close().catch(() => {});
			this.#retryLater(id, attempt, stalled ? 0 : undefined);
		} finally {
			clearTimeout(stallTimer);
			this.#dialing.delete(key);
		}
	}

	#retryLater(id: PeerId, attempt: number, delayMs?: number): void {
		const delay = delayMs ?? RETRY_DELAYS_MS[attempt];
		const key = id.toString();
		if (delay == null || this.#timers.has(key)) return;
		const timer = setTimeout(() => {
			this.#timers.delete(key);
			if (!this.hasDirectConnection(id)) void this.#dial(id, attempt + 1);
		}, delay);
		this.#timers.set(key, timer);
	}
}
