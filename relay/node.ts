// Builds the relay's libp2p node: circuit-relay-v2 server so browsers can reach
// each other for WebRTC signalling, plus a gossipsub hub (see topic-mirror.ts).
import { isIPv6 } from 'node:net';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { circuitRelayServer } from '@libp2p/circuit-relay-v2';
import { gossipsub, StrictSign } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { webRTCDirect } from '@libp2p/webrtc';
import { webSockets } from '@libp2p/websockets';
import { createLibp2p } from 'libp2p';
import type { Libp2pOptions } from 'libp2p';
import type { CircuitRelayService } from '@libp2p/circuit-relay-v2';
import type { GossipSub } from '@libp2p/gossipsub';
import type { Identify } from '@libp2p/identify';
import type { Libp2p, PrivateKey } from '@libp2p/interface';
import { prometheusMetrics } from '@libp2p/prometheus-metrics';
import type { Registry } from 'prom-client';
import type { Ping } from '@libp2p/ping';
// The same fast message id as browsers (the relay shares the app's dependency-free modules).
import { fastMessageId } from '../src/lib/p2p/message-id.ts';
import type { RelayGater } from './admission/gater.ts';
import { federationPeers } from './federation/federation.ts';
import type { RelayConfig } from './options.ts';
import type { WsHttpRoute } from './ws-http-route.ts';

export type RelayServices = {
	identify: Identify;
	ping: Ping;
	relay: CircuitRelayService;
	pubsub: GossipSub;
};

export type RelayNode = Libp2p<RelayServices>;

/** Listen multiaddrs for the enabled transports. */
export function relayListenAddrs(config: RelayConfig): string[] {
	const ip = `/${isIPv6(config.host) ? 'ip6' : 'ip4'}/${config.host}`;
	const addrs = [`${ip}/tcp/${config.wsPort}/ws`];
	if (config.webrtcDirectPort != null)
		addrs.push(`${ip}/udp/${config.webrtcDirectPort}/webrtc-direct`);
	if (config.tcpPort != null) addrs.push(`${ip}/tcp/${config.tcpPort}`);
	return addrs;
}

/** The longest a plain HTTP request to the WebSocket port may take to arrive. */
const HTTP_REQUEST_TIMEOUT_MS = 10_000;

/** Connections in their handshake that libp2p lets in above our own cap (admission decides). */
const HANDSHAKE_HEADROOM = 256;

/** Creates the node without starting it, so listeners can be attached first. */
export async function createRelayNode(
	config: RelayConfig,
	privateKey: PrivateKey,
	gater: RelayGater,
	/** libp2p's metrics go here (`--metrics-port`); none are kept without it. */
	registry?: Registry,
	/** Plain HTTP requests to the WebSocket port go here first (the store's reads). */
	httpRoute?: WsHttpRoute
): Promise<RelayNode> {
	// A request must have arrived within this time (the HTTP reads; upgrades are quicker).
	const http = { requestTimeout: HTTP_REQUEST_TIMEOUT_MS, headersTimeout: HTTP_REQUEST_TIMEOUT_MS };
	const ws = webSockets({ http });
	const transports: NonNullable<Libp2pOptions['transports']> = [httpRoute?.wrap(ws) ?? ws];
	if (config.webrtcDirectPort != null) {
		// an undefined rtcConfiguration makes @libp2p/webrtc fall back to public
		// STUN servers; the relay must never contact third parties
		transports.push(webRTCDirect({ rtcConfiguration: { iceServers: [] } }));
	}
	if (config.tcpPort != null) transports.push(tcp());

	return createLibp2p<RelayServices>({
		start: false,
		privateKey,
		nodeInfo: { name: 'whiteboard-relay' },
		...(registry == null
			? {}
			: { metrics: prometheusMetrics({ registry, collectDefaultMetrics: true }) }),
		addresses: {
			listen: relayListenAddrs(config),
			announce: config.announce
		},
		transports,
		connectionEncrypters: [noise()],
		// a browser opens a handful of streams; 1,000 per connection would only serve abuse
		streamMuxers: [yamux({ maxInboundStreams: 256 })],
		// per-address, per-peer and reservation limits (admission/)
		connectionGater: gater.hooks,
		connectionManager: {
			// admission/connection-admission.ts enforces config.maxConnections itself, closing a
			// roomless peer's connection for a newcomer; libp2p's cap only bounds the handshakes
			maxConnections: config.maxConnections + HANDSHAKE_HEADROOM,
			// admission/connection-admission.ts limits new connections and handshakes per address
			// itself, and counts what it refuses; libp2p's own (uncounted) limits only backstop it
			inboundConnectionThreshold: 1000,
			maxIncomingPendingConnections: 256
		},
		// A browser whose ping answer takes seconds is busy, not gone (seen in the room-of-8 bench:
		// the default 5 s closed busy browsers' connections, which then took seconds to come back
		// with their reservation and topics); browsers use the same limit for the relay.
		connectionMonitor: { pingTimeout: { minTimeout: 15_000 } },
		services: {
			identify: identify(),
			ping: ping(),
			relay: circuitRelayServer({
				reservations: {
					maxReservations: config.maxReservations,
					reservationTtl: config.reservationTtlMs,
					// the limits the relay enforces on each relayed connection;
					// duration is in ms here (the wire format is seconds)
					defaultDataLimit: config.relayDataLimit,
					defaultDurationLimit: config.relayDurationLimitMs,
					applyDefaultLimit: true
				}
			}),
			pubsub: gossipsub({
				// the relay is a hub: it must publish/forward even with few peers and
				// never deliver its own messages to itself
				allowPublishToZeroTopicPeers: true,
				emitSelf: false,
				floodPublish: true,
				// browsers cannot dial the peer records PX would hand out
				doPX: false,
				// peered relays (--peer) get every message on the topics they mirror too
				directPeers: federationPeers(config.peers).map(({ id, addr }) => ({ id, addrs: [addr] })),
				// wider mesh than a browser's so a room's browsers can all graft onto
				// the hub; Dout < Dlo and Dout <= D/2 are required by gossipsub
				D: 12,
				Dlo: 8,
				Dhi: 24,
				Dout: 4,
				Dlazy: 12,
				// signed messages only: the relay forwards, it never re-signs
				globalSignaturePolicy: StrictSign,
				// a copy of a message seen already (a browser forwarding what the relay sent it) is
				// dropped before its signature is checked again
				fastMsgIdFn: fastMessageId,
				// larger messages are not even decoded (the envelope adds a little)
				maxInboundDataLength: config.maxMessageBytes + 16 * 1024,
				scoreParams: {
					// browsers behind one NAT / reverse proxy share an IP; colocation
					// penalties would push them under the gossip threshold
					IPColocationFactorWeight: 0
				}
			})
		}
	});
}
