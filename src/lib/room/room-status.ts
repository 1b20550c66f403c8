/**
 * The one-line connection state of a room, as the header shows it. Read straight from the node and
 * the relay keeper (not from the diagnostics log), so it is right whenever it is read; the events
 * after which it can change are listed in ROOM_STATUS_EVENTS.
 */
import { isDirectLink } from '$lib/p2p/transport-label';
import type { RoomSession } from './room-session';

export type ConnectionState = 'starting' | 'offline' | 'connecting' | 'connected';

export interface RoomStatus {
	state: ConnectionState;
	/** Peers with a direct WebRTC link to us. */
	directPeers: number;
}

/** libp2p node events after which the status may differ (plus the session's own `change`). */
export const ROOM_STATUS_EVENTS = ['connection:open', 'connection:close'] as const;

export function roomStatus(
	session: RoomSession,
	online = globalThis.navigator?.onLine
): RoomStatus {
	const node = session.node;
	if (node == null) return { state: 'starting', directPeers: 0 };
	const directPeers = new Set(
		node
			.getConnections()
			.filter(isDirectLink)
			.map((c) => c.remotePeer.toString())
	).size;
	const relays = session.relays?.connectedCount ?? 0;
	const state =
		relays > 0 || directPeers > 0 ? 'connected' : online === false ? 'offline' : 'connecting';
	return { state, directPeers };
}
