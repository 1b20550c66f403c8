// Puts the relay's admission limits to work on a node: builds the connection and reservation
// policies behind the gater, and lets a peer's reservation, topics and notice budget go as soon
// as its last connection closes. Refusals are counted (status line) and logged, throttled per
// reason so that a flood does not flood the log too.
import type { PeerId } from '@libp2p/interface';
import type { RelayNode } from '../node.ts';
import type { RelayConfig } from '../options.ts';
import type { RefusalCounters } from '../refusals.ts';
import type { TopicMirror } from '../topic-mirror.ts';
import { throttledWarn } from '../log.ts';
import { ConnectionAdmission } from './connection-admission.ts';
import type { RelayGater } from './gater.ts';
import { ReservationPolicy, type ReservationMap } from './reservation-policy.ts';

/** A browser has one connection to a relay; a few more cover reconnects that overlap. */
export const MAX_CONNECTIONS_PER_PEER = 4;
/** Handshakes one address may have running at once. */
export const MAX_PENDING_PER_ADDRESS = 16;

export interface AdmissionParts {
	admission: ConnectionAdmission;
	reservations: ReservationPolicy;
	detach(): void;
}

export function attachAdmission(
	node: RelayNode,
	gater: RelayGater,
	config: RelayConfig,
	mirror: TopicMirror,
	refusals: RefusalCounters,
	hooks: { onPeerLeft?: (peer: PeerId) => void; isTrusted?: (peer: PeerId) => boolean } = {}
): AdmissionParts {
	const trusted = hooks.isTrusted ?? (() => false);
	const reservationMap = node.services.relay.reservations as unknown as ReservationMap;
	const warn = throttledWarn();
	const reservations = new ReservationPolicy({
		reservations: reservationMap,
		maxReservations: config.maxReservations,
		maxPerAddress: config.maxReservationsPerAddress,
		maxCircuitsPerPeer: config.maxCircuitsPerPeer,
		connectionsOf: (peer) => node.getConnections(peer),
		refusals,
		onRefused: (peer, reason) => warn(reason, `refused ${reason} for ${peer.toString()}`)
	});
	const admission = new ConnectionAdmission({
		maxConnections: config.maxConnections,
		maxPerAddress: config.maxConnectionsPerAddress,
		maxPendingPerAddress: MAX_PENDING_PER_ADDRESS,
		maxPerPeer: MAX_CONNECTIONS_PER_PEER,
		connections: () => node.getConnections(),
		// peered relays are never made to give way
		hasRoom: (peer) => trusted(peer) || reservationMap.get(peer) != null || mirror.hasTopics(peer),
		refusals,
		onRefused: (address, reason) => warn(reason, `refused ${reason} from ${address}`),
		onEvicted: (conn) =>
			warn('evicted', `closed ${conn.remotePeer.toString()} (no room) to admit a newcomer`)
	});
	gater.attach(admission, reservations);

	const onDisconnect = (evt: CustomEvent<PeerId>) => {
		const peer = evt.detail;
		reservations.release(peer);
		mirror.peerLeft(peer);
		hooks.onPeerLeft?.(peer);
	};
	node.addEventListener('peer:disconnect', onDisconnect);
	return {
		admission,
		reservations,
		detach: () => node.removeEventListener('peer:disconnect', onDisconnect)
	};
}
