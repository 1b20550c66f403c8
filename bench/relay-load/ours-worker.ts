/**
 * One process of simulated browsers for `npm run bench:relay`, on our relay: stock js-libp2p
 * clients over loopback TCP (not browsers), each from a source address of its own group, that
 * connect, reserve, subscribe to their room's discovery and fallback topics, and publish on the
 * fallback topic at a steady rate. Every message carries its send time; receivers report how long
 * the relay took to forward it. Prints one JSON line: the latencies it saw and what failed.
 * Usage: tsx bench/relay-load/ours-worker.ts <config json>
 */
import '../../relay/polyfills.ts';
import { randomBytes } from 'node:crypto';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2';
import { gossipsub, type GossipSub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p, type Libp2p } from 'libp2p';
import { readWorkerConfig, sendSteadily, waitForGo, type WorkerReport } from './worker-config.ts';

const config = readWorkerConfig();
let measureFrom = Number.POSITIVE_INFINITY;
type Client = Libp2p<{ pubsub: GossipSub }>;

async function client(index: number): Promise<{ node: Client; room: number } | null> {
	const node = await createLibp2p({
		addresses: { listen: ['/p2p-circuit'] },
		transports: [
			tcp({ dialOpts: { localAddress: config.sourceAddress(index) } as object }),
			circuitRelayTransport()
		],
		connectionEncrypters: [noise()],
		streamMuxers: [yamux()],
		services: {
			identify: identify(),
			pubsub: gossipsub({ allowPublishToZeroTopicPeers: true, emitSelf: false })
		}
	});
	try {
		await node.dial(multiaddr(config.target), { signal: AbortSignal.timeout(20_000) });
	} catch {
		await node.stop();
		return null;
	}
	const room = Math.floor(index / config.roomSize);
	node.services.pubsub.subscribe(`whiteboard/discovery/load-${room}`);
	node.services.pubsub.subscribe(`whiteboard/fallback/load-${room}`);
	return { node, room };
}

const latencies: number[] = [];
let failed = 0;
const clients: Array<{ node: Client; room: number }> = [];
// A few at a time: every handshake is CPU on both sides.
for (let i = 0; i < config.count; i += 10) {
	const batch = await Promise.all(
		Array.from({ length: Math.min(10, config.count - i) }, (_, j) => client(config.first + i + j))
	);
	for (const c of batch) {
		if (c == null) failed++;
		else clients.push(c);
	}
}
for (const { node } of clients) {
	node.services.pubsub.addEventListener('message', (evt) => {
		const { data, topic } = evt.detail;
		if (!topic.startsWith('whiteboard/fallback/') || data.length < 8) return;
		const sentAt = new DataView(data.buffer, data.byteOffset, 8).getFloat64(0);
		if (Date.now() >= measureFrom) latencies.push(Date.now() - sentAt);
	});
}
process.stdout.write(`${JSON.stringify({ ready: clients.length })}\n`);
const go = await waitForGo();
measureFrom = go.measureFrom;

const payload = () => {
	const data = randomBytes(config.messageBytes);
	new DataView(data.buffer, data.byteOffset, 8).setFloat64(0, Date.now());
	return data;
};
let publishFailed = 0;
const { sent: published, cpuMs } = await sendSteadily(
	clients.map(({ node, room }) => () => {
		node.services.pubsub
			.publish(`whiteboard/fallback/load-${room}`, payload())
			.catch(() => publishFailed++);
	}),
	config.messagesPerSecond,
	go
);
const report: WorkerReport = {
	connected: clients.length,
	failed,
	published,
	publishFailed,
	latencies,
	cpuMs
};
process.stdout.write(`${JSON.stringify(report)}\n`);
await Promise.all(clients.map(async ({ node }) => node.stop()));
process.exit(0);
