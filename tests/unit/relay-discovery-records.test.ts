/**
 * The relay's answer to a new subscriber of a discovery topic, on real nodes over TCP: the relay
 * as `relay/node.ts` builds it (its gossipsub options) with its topic mirror and the record
 * store, and browser-like nodes (gossipsub as the browser's, over TCP instead of WebSockets).
 */
import type { Message } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DiscoveryRecords } from '../../relay/discovery-records.ts';
import type { RelayNode } from '../../relay/node.ts';
import { startTestRelay } from './support/relay-server.ts';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub, type GossipSub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { tcp } from '@libp2p/tcp';
import { createLibp2p, type Libp2p } from 'libp2p';

const TOPIC = 'whiteboard/discovery/test-topic';

type BrowserNode = Libp2p<{ identify: ReturnType<ReturnType<typeof identify>>; pubsub: GossipSub }>;

function createTcpNode(): Promise<BrowserNode> {
	return createLibp2p({
		addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
		transports: [tcp()],
		connectionEncrypters: [noise()],
		streamMuxers: [yamux()],
		services: {
			identify: identify(),
			pubsub: gossipsub({ allowPublishToZeroTopicPeers: true, emitSelf: false })
		}
	});
}
const WAIT = { timeout: 5_000, interval: 10 };

interface Relay {
	node: RelayNode;
	records: DiscoveryRecords;
	stop(): Promise<void>;
}

async function startRelay(): Promise<Relay> {
	const server = await startTestRelay();
	return { node: server.node, records: server.records, stop: () => server.stop() };
}

function tcpAddr(relay: Relay): Multiaddr {
	const addr = relay.node.getMultiaddrs().find((ma) => !ma.toString().includes('/ws'));
	if (addr == null) throw new Error('the relay has no TCP address');
	return addr;
}

/** A browser-like node connected to the relay and subscribed to TOPIC, the relay mirroring it. */
async function joinTopic(relay: Relay): Promise<BrowserNode> {
	const node = await createTcpNode();
	await node.start();
	node.services.pubsub.subscribe(TOPIC);
	await node.dial(tcpAddr(relay));
	await vi.waitFor(() => {
		expect(relay.node.services.pubsub.getSubscribers(TOPIC).map(String)).toContain(
			node.peerId.toString()
		);
		expect(node.services.pubsub.getSubscribers(TOPIC).map(String)).toContain(
			relay.node.peerId.toString()
		);
	}, WAIT);
	return node;
}

function collect(node: BrowserNode): Message[] {
	const received: Message[] = [];
	node.services.pubsub.addEventListener('message', (event) => {
		if (event.detail.topic === TOPIC) received.push(event.detail);
	});
	return received;
}

const from = (message: Message): PeerId | undefined =>
	message.type === 'signed' ? message.from : undefined;

describe('DiscoveryRecords (relay, real gossipsub over TCP)', () => {
	const running: Array<{ stop(): Promise<void> | void }> = [];
	afterEach(async () => {
		for (const item of running.splice(0).reverse()) await item.stop();
	});

	it('hands a new subscriber the records already published, signed by their authors', async () => {
		const relay = await startRelay();
		running.push(relay);
		const a = await joinTopic(relay);
		running.push(a);
		const record = new TextEncoder().encode('record of a');
		await a.services.pubsub.publish(TOPIC, record);
		await vi.waitFor(() => expect(relay.records.held(TOPIC)).toBe(1), WAIT);

		// B arrives later; A publishes nothing more. Gossipsub alone would give B nothing until A's
		// next announcement.
		const b = await createTcpNode();
		running.push(b);
		await b.start();
		const received = collect(b);
		b.services.pubsub.subscribe(TOPIC);
		await b.dial(tcpAddr(relay));
		await vi.waitFor(() => expect(received).toHaveLength(1), WAIT);
		expect(from(received[0]!)?.equals(a.peerId)).toBe(true);
		expect(new Uint8Array(received[0]!.data)).toEqual(record);
		expect(relay.records.stats.answered).toBe(1);
	});

	it("replays neither a newcomer's own record nor that of a peer that left", async () => {
		const relay = await startRelay();
		running.push(relay);
		const a = await joinTopic(relay);
		const b = await joinTopic(relay);
		running.push(b);
		await a.services.pubsub.publish(TOPIC, new TextEncoder().encode('record of a'));
		await b.services.pubsub.publish(TOPIC, new TextEncoder().encode('record of b'));
		await vi.waitFor(() => expect(relay.records.held(TOPIC)).toBe(2), WAIT);
		const answeredBefore = relay.records.stats.answered;

		await a.stop();
		await vi.waitFor(() => {
			expect(relay.node.services.pubsub.getSubscribers(TOPIC).map(String)).not.toContain(
				a.peerId.toString()
			);
		}, WAIT);
		// B subscribes again (as after a reload of the same peer): only A's record existed for it,
		// and A is gone.
		const answered = new Promise<void>((resolve) => {
			relay.node.services.pubsub.addEventListener('subscription-change', (event) => {
				const { peerId, subscriptions } = event.detail;
				if (peerId.equals(b.peerId) && subscriptions.some((s) => s.subscribe)) resolve();
			});
		});
		b.services.pubsub.unsubscribe(TOPIC);
		b.services.pubsub.subscribe(TOPIC);
		await answered;
		await vi.waitFor(() => expect(relay.records.held(TOPIC)).toBe(0), WAIT);
		expect(relay.records.stats.answered).toBe(answeredBefore);
	});
});
