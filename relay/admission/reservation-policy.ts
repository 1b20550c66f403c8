// Limits on circuit-relay-v2 reservations and circuits that the library does not have: a
// reservation ends when its peer's last connection closes (the library keeps it until the TTL,
// so one client that came and went could hold every slot for hours), at most `maxPerAddress`
// reservations per address (browsers behind one NAT share one, so this stays well above one but
// well below the global cap), and at most `maxCircuitsPerPeer` relayed connections through the
// relay per peer, either end. Wired in as connection gater hooks (gater.ts).
import type { Connection, PeerId } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import type { RefusalCounters } from '../refusals.ts';
import { addressKey } from './address.ts';

export const HOP_PROTOCOL = '/libp2p/circuit/relay/0.2.0/hop';
export const STOP_PROTOCOL = '/libp2p/circuit/relay/0.2.0/stop';

/** What the library keeps per reservation (its `Reservation`), as far as we use it. */
export interface HeldReservation {
	addr: Multiaddr;
	signal: AbortSignal & { clear?: () => void };
}

/** The library's reservation map (`CircuitRelayService.reservations`, a PeerMap). */
export interface ReservationMap {
	readonly size: number;
	get(peer: PeerId): HeldReservation | undefined;
	set(peer: PeerId, reservation: HeldReservation): unknown;
	delete(peer: PeerId): unknown;
	values(): IterableIterator<HeldReservation>;
}

export interface ReservationPolicyOptions {
	reservations: ReservationMap;
	/** The global cap the library enforces (`maxReservations`). */
	maxReservations: number;
	maxPerAddress: number;
	maxCircuitsPerPeer: number;
	connectionsOf: (peer: PeerId) => Connection[];
	refusals: RefusalCounters;
	onRefused?: (peer: PeerId, reason: string) => void;
}

export class ReservationPolicy {
	readonly #opts: ReservationPolicyOptions;
	/** The reservation each peer was last granted, to undo the library's stale timers (release). */
	readonly #granted = new Map<string, HeldReservation>();

	constructor(options: ReservationPolicyOptions) {
		this.#opts = options;
	}

	/** ConnectionGater.denyInboundRelayReservation: true refuses. */
	denyReservation = (peer: PeerId): boolean => {
		const { reservations, maxReservations, maxPerAddress } = this.#opts;
		const existing = reservations.get(peer);
		if (existing == null && reservations.size >= maxReservations) {
			// The library refuses this one itself (RESERVATION_REFUSED); counted here.
			this.#refuse(peer, 'reservation:full');
			return false;
		}
		const addresses = new Set(
			this.#opts.connectionsOf(peer).flatMap((conn) => addressKey(conn.remoteAddr) ?? [])
		);
		if (existing == null && addresses.size > 0) {
			let sameAddress = 0;
			for (const held of reservations.values()) {
				const key = addressKey(held.addr);
				if (key != null && addresses.has(key)) sameAddress++;
			}
			if (sameAddress >= maxPerAddress) {
				this.#refuse(peer, 'reservation:per-address');
				return true;
			}
		}
		// The library creates (or refreshes) the reservation right after this returns.
		setTimeout(() => this.#remember(peer), 0);
		return false;
	};

	/** ConnectionGater.denyOutboundRelayedConnection: true refuses the circuit. */
	denyCircuit = (source: PeerId, destination: PeerId): boolean => {
		const { maxCircuitsPerPeer } = this.#opts;
		// The source's hop stream for this very request is open already, hence `>`.
		if (this.#openStreams(source, HOP_PROTOCOL, 'inbound') > maxCircuitsPerPeer) {
			this.#refuse(source, 'circuit:per-peer');
			return true;
		}
		if (this.#openStreams(destination, STOP_PROTOCOL, 'outbound') >= maxCircuitsPerPeer) {
			this.#refuse(source, 'circuit:per-destination');
			return true;
		}
		return false;
	};

	/** The peer's last connection closed: its reservation ends now, not at the TTL. */
	release(peer: PeerId): boolean {
		const { reservations } = this.#opts;
		const held = reservations.get(peer);
		this.#granted.delete(peer.toString());
		if (held == null) return false;
		held.signal.clear?.();
		reservations.delete(peer);
		// A reservation that was refreshed keeps a timer `clear` cannot reach (retimeable-signal
		// 1.x); when it fires, the library deletes whatever reservation the peer has by then. Put
		// back a newer one the peer was granted after reconnecting.
		held.signal.addEventListener(
			'abort',
			() => {
				const newer = this.#granted.get(peer.toString());
				if (newer != null && newer !== held && !newer.signal.aborted && !reservations.get(peer))
					reservations.set(peer, newer);
			},
			{ once: true }
		);
		return true;
	}

	#remember(peer: PeerId): void {
		const held = this.#opts.reservations.get(peer);
		if (held != null && this.#opts.connectionsOf(peer).length > 0)
			this.#granted.set(peer.toString(), held);
	}

	#openStreams(peer: PeerId, protocol: string, direction: 'inbound' | 'outbound'): number {
		let open = 0;
		for (const conn of this.#opts.connectionsOf(peer))
			for (const stream of conn.streams)
				if (stream.protocol === protocol && stream.direction === direction) open++;
		return open;
	}

	#refuse(peer: PeerId, reason: string): void {
		this.#opts.refusals.count(reason);
		this.#opts.onRefused?.(peer, reason);
	}
}
