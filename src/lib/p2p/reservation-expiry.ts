/**
 * When each relay reservation runs out, for Diagnostics. The circuit-relay transport keeps its
 * reservations to itself, but its reservation store announces each one it makes or refreshes
 * (with the relay's expiry, seconds since the epoch) and each one it drops. This listens to those
 * events on the transport the node is built with; should a later version stop sending them,
 * expiries are unknown and nothing else changes.
 */
import type { PeerId } from '@libp2p/interface';

interface ReservationEvent {
	detail?: { relay?: PeerId; details?: { reservation?: { expire?: bigint | number } } };
}

interface EventSource {
	addEventListener(type: string, listener: (event: ReservationEvent) => void): void;
}

export class ReservationExpiries {
	/** Relay peer id -> expiry, ms since the epoch. */
	readonly #expiries = new Map<string, number>();

	/** Listens to `transport`'s reservation store, if it has one; returns the transport. */
	watch<T>(transport: T): T {
		const store = (transport as { reservationStore?: Partial<EventSource> }).reservationStore;
		if (typeof store?.addEventListener !== 'function') return transport;
		store.addEventListener('relay:created-reservation', (event: ReservationEvent) => {
			const relay = event.detail?.relay;
			const expire = event.detail?.details?.reservation?.expire;
			if (relay != null && expire != null)
				this.#expiries.set(relay.toString(), Number(expire) * 1000);
		});
		store.addEventListener('relay:removed', (event: ReservationEvent) => {
			const relay = event.detail?.relay;
			if (relay != null) this.#expiries.delete(relay.toString());
		});
		return transport;
	}

	/** When the reservation on `relay` expires (ms since the epoch), if one is held and known. */
	expiryOf(relay: string): number | undefined {
		return this.#expiries.get(relay);
	}
}
