import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2';
import { gossipsub, type GossipSub } from '@libp2p/gossipsub';
import { identify, type Identify } from '@libp2p/identify';
import { ping, type Ping } from '@libp2p/ping';
import { webRTC, webRTCDirect } from '@libp2p/webrtc';
import { webSockets } from '@libp2p/websockets';
import { webTransport } from '@libp2p/webtransport';
import type { PrivateKey, Startable } from '@libp2p/interface';
import { createLibp2p, type Libp2p } from 'libp2p';
import type { NetworkConfig } from './config';
import { ConnectionTraffic } from './connection-traffic';
import { ReservationExpiries } from './reservation-expiry';
import { DIAL_MAX_MS } from './constants';
import { connectionGater } from './gater';
import { noiseCrypto } from './noise-crypto';
import { browserGossipOptions } from './gossip-options';
import { signallingHold } from './signalling-hold';
import type { RoomDiscovery } from './discovery';

export type BrowserServices = {
	identify: Identify;
	ping: Ping;
	pubsub: GossipSub;
	/** Bytes in and out per connection (Diagnostics). */
	traffic: ConnectionTraffic;
	/** When each relay reservation expires (Diagnostics). */
	reservations: ReservationExpiries;
	/** The room's discovery topic (discovery.ts; its records go to our dialer, not to libp2p). */
	discovery: Startable;
};
export type BrowserNode = Libp2p<BrowserServices>;

/**
 * The browser's libp2p node for one room. It listens on `/p2p-circuit` (a reservation on whichever
 * relay we connect to, so others can reach us for signalling) and on `/webrtc` (so they can then
 * upgrade to a direct browser-to-browser connection).
 */
export async function createBrowserNode(
	config: NetworkConfig,
	discovery: RoomDiscovery,
	privateKey?: PrivateKey
): Promise<BrowserNode> {
	// Always explicit: when undefined, @libp2p/webrtc falls back to public STUN servers.
	const rtcConfiguration = { iceServers: config.iceServers };
	// libp2p's metrics component sees every new connection: all we collect is its bytes.
	const traffic = new ConnectionTraffic();
	const reservations = new ReservationExpiries();
	const relayTransport = circuitRelayTransport({ reservationCompletionTimeout: 10_000 });
	return createLibp2p({
		privateKey,
		// One reservation per '/p2p-circuit': two when two relays are configured, so the browser
		// stays reachable through one while the other is down (its addresses follow the changes).
		addresses: { listen: [...Array(reservationsFor(config)).fill('/p2p-circuit'), '/webrtc'] },
		transports: [
			webSockets(),
			webRTC({ rtcConfiguration }),
			webRTCDirect({ rtcConfiguration }),
			webTransport(),
			(components: Parameters<typeof relayTransport>[0]) =>
				reservations.watch(relayTransport(components))
		],
		connectionEncrypters: [noise({ crypto: noiseCrypto })],
		streamMuxers: [yamux()],
		connectionGater: connectionGater(config),
		// Our dialer ends a direct dial when it stops making progress (DIAL_IDLE_TIMEOUTS_MS), up to
		// DIAL_MAX_MS: libp2p's own limits on one address (6 s) and on the listener's upgrade (10 s)
		// would end a slow dial on a busy machine a step before it was done.
		connectionManager: { addressDialTimeout: DIAL_MAX_MS, inboundUpgradeTimeout: DIAL_MAX_MS },
		connectionMonitor: { pingTimeout: { minTimeout: 15_000 } },
		metrics: () => traffic,
		services: {
			traffic: () => traffic,
			reservations: () => reservations,
			discovery: discovery.service,
			// Not on relayed connections to other browsers: they carry only the WebRTC signalling,
			// which needs no identify, and it would run (on both pages) alongside that signalling.
			identify: identify({ runOnLimitedConnection: false }),
			// Our dialer's round trip and libp2p's connection monitor may ping at once; with the
			// default of 1, one fails and the monitor aborts the connection.
			ping: ping({ maxOutboundStreams: 2 }),
			// Removes @libp2p/webrtc's stalled-first-dial race on the listening side.
			signallingHold: signallingHold(),
			pubsub: gossipsub(browserGossipOptions())
		}
	});
}

/** Reservations the browser holds: one per relay, at most two. */
export function reservationsFor(config: Pick<NetworkConfig, 'relays'>): number {
	return Math.min(2, Math.max(1, config.relays.length));
}
