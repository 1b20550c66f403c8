/**
 * Real libp2p nodes for Node.js tests: TCP on 127.0.0.1 instead of the browser's WebRTC and relay
 * transports, with the browser node's services (identify, ping, gossipsub with its options).
 */
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import type { IdentifyResult, PrivateKey } from '@libp2p/interface';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { createLibp2p } from 'libp2p';
import { ConnectionTraffic } from '../../../src/lib/p2p/connection-traffic.ts';
import type { RoomDiscovery } from '../../../src/lib/p2p/discovery.ts';
import { browserGossipOptions } from '../../../src/lib/p2p/gossip-options.ts';
import { ReservationExpiries } from '../../../src/lib/p2p/reservation-expiry.ts';
import type { BrowserNode, BrowserServices } from '../../../src/lib/p2p/node.ts';

export interface TcpNodeOptions {
	privateKey?: PrivateKey;
	/** The room's discovery, as the browser node has it (a service). */
	discovery?: RoomDiscovery;
}

export function createTcpNode(options: TcpNodeOptions = {}): Promise<BrowserNode> {
	const traffic = new ConnectionTraffic();
	return createLibp2p<BrowserServices>({
		privateKey: options.privateKey,
		addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
		transports: [tcp()],
		connectionEncrypters: [noise()],
		streamMuxers: [yamux()],
		metrics: () => traffic,
		services: {
			traffic: () => traffic,
			reservations: () => new ReservationExpiries(),
			discovery: options.discovery?.service ?? (() => ({ start() {}, stop() {} })),
			identify: identify(),
			ping: ping(),
			pubsub: gossipsub(browserGossipOptions())
		}
	});
}

/** Dials `to` from `from` directly; resolves once both have identified each other's protocols. */
export async function connect(from: BrowserNode, to: BrowserNode): Promise<void> {
	const identified = (node: BrowserNode, peer: BrowserNode) =>
		new Promise<void>((resolve) => {
			const onIdentify = (event: CustomEvent<IdentifyResult>): void => {
				if (!event.detail.peerId.equals(peer.peerId)) return;
				node.removeEventListener('peer:identify', onIdentify);
				resolve();
			};
			node.addEventListener('peer:identify', onIdentify);
		});
	const both = Promise.all([identified(from, to), identified(to, from)]);
	await from.dial(to.getMultiaddrs());
	await both;
}
