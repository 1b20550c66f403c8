// A hostile client of the relay built only from stock js-libp2p packages (none of the app's
// code), from its own loopback source address: many peer ids, each asking for a reservation,
// extra connections, thousands of `whiteboard/` topics, and a flood of fast, oversized and garbage
// gossip, for as long as it runs. It counts what the relay granted.
import '../../../relay/polyfills.ts';
import { randomBytes } from 'node:crypto';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2';
import { gossipsub, type GossipSub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p, type Libp2p } from 'libp2p';

export interface AbuseOptions {
	/** The relay's TCP multiaddr, with its peer id. */
	relay: string;
	/** Source address of every connection, e.g. 127.0.0.2. */
	localAddress: string;
	/** Peer ids, each with one connection and a reservation request. */
	peers: number;
	/** Further connections, opened by the first peers (forced, not reused). */
	extraConnections: number;
	/** Topics each peer subscribes to. */
	topicsPerPeer: number;
	/** Gossip messages per second, all peers together. */
	messagesPerSecond: number;
}

export interface AbuseFigures {
	connected: number;
	connectionsRefused: number;
	reservations: number;
	topicsAsked: number;
	published: number;
}

type Abuser = Libp2p<{ pubsub: GossipSub }>;

export interface Abuse {
	/** What the relay granted so far. */
	figures(): AbuseFigures;
	stop(): Promise<void>;
}

/** Starts the abuse; resolves once every peer has tried to connect, reserve and subscribe. */
export async function startAbuse(options: AbuseOptions): Promise<Abuse> {
	const relay = multiaddr(options.relay);
	const relayPeer = relay.getComponents().find((c) => c.name === 'p2p')?.value ?? '';
	const nodes: Abuser[] = [];
	const topics = new Map<Abuser, string[]>();
	let refused = 0;
	let published = 0;

	const start = async (index: number): Promise<void> => {
		const node = await createLibp2p({
			addresses: { listen: ['/p2p-circuit'] },
			transports: [
				tcp({ dialOpts: { localAddress: options.localAddress } as object }),
				circuitRelayTransport({ reservationCompletionTimeout: 5000 })
			],
			connectionEncrypters: [noise()],
			streamMuxers: [yamux()],
			services: {
				identify: identify(),
				pubsub: gossipsub({ allowPublishToZeroTopicPeers: true, emitSelf: false })
			}
		});
		nodes.push(node);
		try {
			await node.dial(relay, { signal: AbortSignal.timeout(10_000) });
		} catch {
			refused++;
			return;
		}
		const mine = Array.from({ length: options.topicsPerPeer }, (_, j) => {
			const kind = j % 2 === 0 ? 'fallback' : 'discovery';
			return `whiteboard/${kind}/abuse-${index}-${j}-${randomBytes(6).toString('base64url')}`;
		});
		for (const topic of mine) node.services.pubsub.subscribe(topic);
		topics.set(node, mine);
	};
	for (let i = 0; i < options.peers; i += 10) {
		await Promise.all(
			Array.from({ length: Math.min(10, options.peers - i) }, (_, j) => start(i + j))
		);
	}
	await Promise.all(
		Array.from({ length: options.extraConnections }, async (_, i) => {
			const node = nodes[i % Math.max(1, nodes.length)];
			await node
				?.dial(relay, { force: true, signal: AbortSignal.timeout(10_000) })
				.catch(() => refused++);
		})
	);

	// Fast, oversized and garbage gossip on the topics the relay mirrors for them.
	const senders = [...topics.entries()];
	const flood = setInterval(
		() => {
			const [node, mine] = senders[published % Math.max(1, senders.length)] ?? [];
			const topic = mine?.[published % mine.length];
			if (node == null || topic == null) return;
			const size = published % 50 === 0 ? 2 * 1024 * 1024 : 16 + (published % 900);
			published++;
			node.services.pubsub.publish(topic, randomBytes(size)).catch(() => {});
		},
		Math.max(1, Math.round(1000 / options.messagesPerSecond))
	);

	return {
		figures: () => ({
			connected: nodes.filter((n) =>
				n.getConnections().some((c) => c.remotePeer.toString() === relayPeer)
			).length,
			connectionsRefused: refused,
			reservations: nodes.filter((n) =>
				n.getMultiaddrs().some((ma) => ma.toString().includes('/p2p-circuit'))
			).length,
			topicsAsked: [...topics.values()].reduce((sum, mine) => sum + mine.length, 0),
			published
		}),
		async stop() {
			clearInterval(flood);
			await Promise.all(
				nodes.map(async (node) => node.stop()).map((stopped) => stopped.catch(() => {}))
			);
		}
	};
}
