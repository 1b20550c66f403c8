import type {
	ComponentLogger,
	Connection,
	Libp2p,
	Logger,
	PeerId,
	PeerInfo
} from '@libp2p/interface';
import { defaultLogger } from '@libp2p/logger';
import type { Ping } from '@libp2p/ping';
import { idleTimeoutSignal } from './abortable';
import {
	DIAL_IDLE_TIMEOUTS_MS,
	DIAL_MAX_MS,
	FALLBACK_DIAL_DELAY_MS,
	RETRY_DELAYS_MS,
	WEBRTC_SIGNALLING_PROTOCOL
} from './constants';
import { DialStallWatch } from './dial-stall';
import type { RoomDiscovery } from './discovery';
import type { NetworkEventSink } from './events';
import { preferredWebRTCAddrs } from './webrtc-addrs';

/** The parts of the libp2p node the dialer uses. */
export type DialerNode = Pick<
	Libp2p,
	'peerId' | 'dial' | 'getConnections' | 'addEventListener' | 'removeEventListener'
> & { services: { ping: Pick<Ping, 'ping'> } };

export interface RoomDialerInit {
	node: DialerNode;
	/** Where room peers are heard of. */
	discovery: Pick<RoomDiscovery, 'records' | 'addEventListener' | 'removeEventListener'>;
	onEvent: NetworkEventSink;
	logger?: ComponentLogger;
}

/**
 * Upgrades discovered room peers to direct WebRTC connections: dials their `/p2p-circuit/webrtc`
 * address (the relayed connection carries only the signalling), one dial at a time per peer.
 * Only the peer with the smaller id dials, so two peers do not race into two connections; the
 * other dials too if nothing happened after a grace period.
 */
export class RoomDialer {
	readonly #node: DialerNode;
	readonly #discovery: RoomDialerInit['discovery'];
	readonly #onEvent: NetworkEventSink;
	readonly #log: Logger;
	/** The latest discovery record of each peer: retries dial its current addresses. */
	readonly #records = new Map<string, PeerInfo>();
	readonly #dialing = new Set<string>();
	readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
	/** Aborted by stop(): ends every dial in flight. */
	#controller?: AbortController;

	constructor(init: RoomDialerInit) {
		this.#node = init.node;
		this.#discovery = init.discovery;
		this.#onEvent = init.onEvent;
		this.#log = (init.logger ?? defaultLogger()).forComponent('whiteboard:dialer');
	}

	/** Dials the peers discovery has heard from already, and those it hears from later. */
	start(): void {
		if (this.#controller != null) return;
		this.#controller = new AbortController();
		this.#discovery.addEventListener('peer', this.#onDiscovery as EventListener);
		this.#node.addEventListener('connection:open', this.#onConnectionOpen);
		for (const record of this.#discovery.records()) this.#consider(record);
	}

	/** Cancels every waiting retry and every dial in flight; nothing is reported afterwards. */
	stop(): void {
		this.#controller?.abort();
		this.#controller = undefined;
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
		this.#log('accepted a direct connection from %p', connection.remotePeer);
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
		if (addrs.length === 0) {
			this.#log.trace('%p has no WebRTC address yet', id);
			return;
		}
		const key = id.toString();
		this.#records.set(key, record);
		if (this.hasDirectConnection(id)) return;
		if (this.#dialing.has(key) || this.#timers.has(key)) return;
		this.#onEvent({ kind: 'discovered', peer: key });
		if (this.#node.peerId.toString() < key) {
			this.#startDial(id, 0);
		} else {
			this.#log('%p dials us; we dial it in %d ms if it has not', id, FALLBACK_DIAL_DELAY_MS);
			this.#later(id, FALLBACK_DIAL_DELAY_MS, 0, true);
		}
	}

	/**
	 * Dials `id` after `delayMs` unless a direct connection exists by then. `fallback`: the peer
	 * was to dial us; while its dial is still signalling with us, ours waits (on a loaded machine
	 * a dial takes longer than the grace period, and a second dial in the other direction would
	 * only make a second connection and load it more), at most for as long as a dial may take.
	 */
	#later(id: PeerId, delayMs: number, attempt: number, fallback = false, waited = 0): void {
		const key = id.toString();
		const timer = setTimeout(() => {
			this.#timers.delete(key);
			if (this.hasDirectConnection(id)) {
				this.#log('%p is directly connected already, not dialling', id);
				return;
			}
			const total = waited + delayMs;
			if (fallback && total < DIAL_MAX_MS && this.#isSignallingWithUs(id)) {
				this.#log('%p is dialling us, still waiting', id);
				this.#later(id, FALLBACK_DIAL_DELAY_MS, attempt, true, total);
				return;
			}
			this.#startDial(id, attempt);
		}, delayMs);
		this.#timers.set(key, timer);
	}

	/** A WebRTC dial of `id` to us is under way: its signalling stream to us is open. */
	#isSignallingWithUs(id: PeerId): boolean {
		return this.#node
			.getConnections(id)
			.some(
				(c) =>
					c.limits != null &&
					c.status === 'open' &&
					c.streams.some(
						(s) => s.protocol === WEBRTC_SIGNALLING_PROTOCOL && s.direction === 'inbound'
					)
			);
	}

	#startDial(id: PeerId, attempt: number): void {
		this.#dial(id, attempt).catch((err: unknown) => {
			this.#log.error('dialling %p failed unexpectedly - %e', id, err);
		});
	}

	async #dial(id: PeerId, attempt: number): Promise<void> {
		const signal = this.#controller?.signal;
		const key = id.toString();
		const info = this.#records.get(key);
		if (signal == null || signal.aborted || info == null || this.#dialing.has(key)) return;
		this.#dialing.add(key);
		const addrs = preferredWebRTCAddrs(info.multiaddrs);
		this.#onEvent({ kind: 'dialing', peer: key, detail: addrs.map(String).join(' ') });
		this.#log('dialling %p, attempt %d, at %s', id, attempt + 1, addrs.map(String).join(' '));
		const started = performance.now();
		let connection: Connection | undefined;
		let stage = 'WebRTC dial';
		const idleMs = DIAL_IDLE_TIMEOUTS_MS[attempt] ?? DIAL_IDLE_TIMEOUTS_MS.at(-1) ?? 20_000;
		const timeout = idleTimeoutSignal(idleMs, DIAL_MAX_MS);
		// A first dial can stall in @libp2p/webrtc's `init` channel race against a listener
		// without the signalling hold: abandoned as soon as that shows, and retried at once.
		const stall = new AbortController();
		const watch =
			attempt === 0 ? new DialStallWatch(this.#node, id, () => stall.abort()) : undefined;
		try {
			const dialSignal = AbortSignal.any([signal, stall.signal, timeout.signal]);
			connection = await this.#node.dial(addrs, {
				signal: dialSignal,
				onProgress: (event: { type: string }) => {
					timeout.touch();
					watch?.onProgress(event);
				}
			});
			watch?.clear();
			// Connected is progress: the first ping gets a whole wait of its own.
			timeout.touch();
			stage = 'round trip over the new connection';
			// An open RTCPeerConnection is not proof that data flows: a round trip is.
			const rtt = await this.#node.services.ping.ping(connection.remotePeer, {
				signal: dialSignal
			});
			if (signal.aborted) return;
			const ms = Math.round(performance.now() - started);
			this.#log('direct connection to %p in %d ms, rtt %d ms', id, ms, rtt);
			this.#onEvent({ kind: 'direct', peer: key, detail: `in ${ms} ms, rtt ${rtt} ms` });
		} catch (err) {
			if (signal.aborted) return;
			const stalled = stall.signal.aborted && connection == null;
			const detail = stalled
				? `${stage}: stalled after the peer connected, retrying now`
				: `${stage}: ${(err as Error).message}`;
			this.#log.error('dial %d to %p failed: %s', attempt + 1, id, detail);
			this.#onEvent({ kind: 'dial-failed', peer: key, detail });
			// A connection that cannot carry a ping would be reused by the next dial: drop it.
			await connection?.close().catch((closeErr: unknown) => {
				this.#log.error('closing the unusable connection to %p failed - %e', id, closeErr);
			});
			if (!signal.aborted) this.#retryLater(id, attempt, stalled ? 0 : undefined);
		} finally {
			watch?.clear();
			timeout.clear();
			this.#dialing.delete(key);
		}
	}

	#retryLater(id: PeerId, attempt: number, delayMs?: number): void {
		const delay = delayMs ?? RETRY_DELAYS_MS[attempt];
		if (this.#timers.has(id.toString())) return;
		if (delay == null) {
			this.#log.error('giving up on a direct connection to %p after %d dials', id, attempt + 1);
			return;
		}
		this.#later(id, delay, attempt + 1);
	}
}
