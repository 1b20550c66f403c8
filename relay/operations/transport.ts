// A connection's transport as operators name it, for metrics and /health.
import { Circuit, TCP, WebRTCDirect, WebSockets } from '@multiformats/multiaddr-matcher';
import type { Connection } from '@libp2p/interface';

export type TransportName = 'websockets' | 'webrtc-direct' | 'tcp' | 'circuit' | 'other';

export function transportOf(conn: Pick<Connection, 'remoteAddr'>): TransportName {
	const addr = conn.remoteAddr;
	if (Circuit.matches(addr)) return 'circuit';
	if (WebSockets.matches(addr)) return 'websockets';
	if (WebRTCDirect.matches(addr)) return 'webrtc-direct';
	if (TCP.matches(addr)) return 'tcp';
	return 'other';
}
