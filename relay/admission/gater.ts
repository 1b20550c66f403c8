// The relay's connection gater: the admission and reservation limits as libp2p hooks. The node
// is built before the objects behind the limits (they need the node), so the hooks look them up
// when called; until `attach`, everything is let in.
import type { ConnectionGater } from '@libp2p/interface';
import type { ConnectionAdmission } from './connection-admission.ts';
import type { ReservationPolicy } from './reservation-policy.ts';

export class RelayGater {
	#admission?: ConnectionAdmission;
	#reservations?: ReservationPolicy;

	attach(admission: ConnectionAdmission, reservations: ReservationPolicy): void {
		this.#admission = admission;
		this.#reservations = reservations;
	}

	readonly hooks: ConnectionGater = {
		// Node's default gater already allows every address; spelled out because the relay may
		// serve a LAN or localhost, whose private/loopback addresses a browser's default denies.
		denyDialMultiaddr: () => false,
		denyInboundConnection: (maConn) => this.#admission?.denyInbound(maConn) ?? false,
		denyInboundEncryptedConnection: (peer, maConn) =>
			this.#admission?.denyEncrypted(peer, maConn) ?? false,
		denyInboundUpgradedConnection: (peer, maConn) =>
			this.#admission?.denyUpgraded(peer, maConn) ?? false,
		denyInboundRelayReservation: (peer) => this.#reservations?.denyReservation(peer) ?? false,
		denyOutboundRelayedConnection: (source, destination) =>
			this.#reservations?.denyCircuit(source, destination) ?? false
	};
}
