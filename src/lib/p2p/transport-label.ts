import type { Connection } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';

export type TransportLabel =
	'WebRTC' | 'WebRTC-Direct' | 'WebSockets' | 'WebTransport' | 'Circuit Relay' | 'Unknown';

/**
 * Names the transport of a connection from its remote address. Order matters: a direct WebRTC
 * connection set up through a relay still has the relay's address in front of
 * `/p2p-circuit/webrtc`, and that relay may itself be reached over WebRTC-Direct.
 */
export function transportLabel(remoteAddr: Multiaddr): TransportLabel {
	const names = remoteAddr.getComponents().map((c) => c.name);
	const last = (name: string): number => names.lastIndexOf(name);
	if (last('webrtc') > last('p2p-circuit')) return 'WebRTC';
	if (last('p2p-circuit') >= 0) return 'Circuit Relay';
	if (last('webrtc-direct') >= 0) return 'WebRTC-Direct';
	if (last('webtransport') >= 0) return 'WebTransport';
	if (last('ws') >= 0 || last('wss') >= 0 || last('tls') >= 0) return 'WebSockets';
	return 'Unknown';
}

/** A direct browser-to-browser link: WebRTC, not limited (a relayed connection is limited). */
export function isDirectLink(connection: Pick<Connection, 'remoteAddr' | 'limits'>): boolean {
	return connection.limits == null && transportLabel(connection.remoteAddr) === 'WebRTC';
}
