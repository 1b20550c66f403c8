import { peerIdFromString } from '@libp2p/peer-id';
import { describe, expect, it } from 'vitest';
import { ReservationExpiries } from '../../src/lib/p2p/reservation-expiry.ts';

const RELAY = '12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA';

/** The shape of @libp2p/circuit-relay-v2's transport: a reservation store that emits events. */
function fakeTransport() {
	return { reservationStore: new EventTarget() };
}

function emit(target: EventTarget, type: string, detail: unknown): void {
	target.dispatchEvent(new CustomEvent(type, { detail }));
}

describe('ReservationExpiries', () => {
	it("keeps each relay's expiry from the reservations made, refreshed and removed", () => {
		const expiries = new ReservationExpiries();
		const transport = fakeTransport();
		expect(expiries.watch(transport)).toBe(transport);
		const relay = peerIdFromString(RELAY);
		expect(expiries.expiryOf(RELAY)).toBeUndefined();

		emit(transport.reservationStore, 'relay:created-reservation', {
			relay,
			details: { reservation: { expire: 1_900_000_000n } }
		});
		expect(expiries.expiryOf(RELAY)).toBe(1_900_000_000_000);
		// A refresh announces the new expiry.
		emit(transport.reservationStore, 'relay:created-reservation', {
			relay,
			details: { reservation: { expire: 1_900_003_600n } }
		});
		expect(expiries.expiryOf(RELAY)).toBe(1_900_003_600_000);
		emit(transport.reservationStore, 'relay:removed', { relay, details: {} });
		expect(expiries.expiryOf(RELAY)).toBeUndefined();
	});

	it('leaves a transport without a reservation store alone', () => {
		const expiries = new ReservationExpiries();
		const transport = { something: 'else' };
		expect(expiries.watch(transport)).toBe(transport);
		expect(expiries.expiryOf(RELAY)).toBeUndefined();
	});
});
