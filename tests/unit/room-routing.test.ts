import type { SubscriptionChangeData } from '@libp2p/gossipsub';
import type { PeerId, PeerInfo } from '@libp2p/interface';
import { defaultLogger } from '@libp2p/logger';
import { describe, expect, it } from 'vitest';
import {
	RoomRouting,
	ROOM_PEER_TTL_MS,
	type RoomRoutingOptions
} from '../../src/lib/sync/room-routing.ts';
import { newPeerId } from './support/fake-gossip.ts';

const ROOM = 'whiteboard/room/abcd';

const GOSSIP = '/meshsub/1.2.0';

/** A narrow stand-in: the room topic's subscribers are whatever the test says. */
class FakePubSub extends EventTarget {
	readonly protocols = [GOSSIP, '/floodsub/1.0.0'];
	subscribers: PeerId[] = [];

	getSubscribers(topic: string): PeerId[] {
		return topic === ROOM ? this.subscribers : [];
	}

	change(peerId: PeerId, topic: string, subscribe: boolean): void {
		const detail: SubscriptionChangeData = { peerId, subscriptions: [{ topic, subscribe }] };
		this.dispatchEvent(new CustomEvent('subscription-change', { detail }));
	}
}

class FakeDiscovery extends EventTarget {
	readonly known: PeerInfo[] = [];

	records(): PeerInfo[] {
		return this.known;
	}

	announce(id: PeerId): void {
		const record: PeerInfo = { id, multiaddrs: [] };
		this.known.push(record);
		this.dispatchEvent(new CustomEvent('peer', { detail: record }));
	}
}

interface FakeStream {
	protocol: string;
	direction: 'inbound' | 'outbound';
	writeStatus: 'writable' | 'closing' | 'closed';
}

interface FakeConnection {
	status: 'open' | 'closing' | 'closed';
	limits?: { seconds: number };
	streams: FakeStream[];
}

/** Connections by peer, each as the test shapes it. */
class FakeNode {
	readonly connections = new Map<string, FakeConnection[]>();

	getConnections(peer?: PeerId): FakeConnection[] {
		return this.connections.get(String(peer)) ?? [];
	}

	/** A direct connection with gossipsub's outbound stream on it; returns that stream. */
	link(peer: PeerId, pubsub: FakePubSub): FakeStream {
		const gossip: FakeStream = { protocol: GOSSIP, direction: 'outbound', writeStatus: 'writable' };
		const connection: FakeConnection = { status: 'open', streams: [gossip] };
		this.connections.set(peer.toString(), [...this.getConnections(peer), connection]);
		if (!pubsub.subscribers.some((p) => p.equals(peer))) pubsub.subscribers.push(peer);
		return gossip;
	}
}

async function world() {
	const pubsub = new FakePubSub();
	const node = new FakeNode();
	const discovery = new FakeDiscovery();
	const clock = { now: 0 };
	const routing = new RoomRouting({
		pubsub: pubsub as unknown as RoomRoutingOptions['pubsub'],
		node: node as unknown as RoomRoutingOptions['node'],
		roomTopic: ROOM,
		discovery,
		logger: defaultLogger(),
		now: () => clock.now
	});
	const [b, c] = [await newPeerId(), await newPeerId()];
	const link = (peer: PeerId) => node.link(peer, pubsub);
	return { pubsub, node, link, discovery, clock, routing, b, c };
}

describe('RoomRouting', () => {
	it('goes through the relay from the moment a room peer is announced until it has a direct link', async () => {
		const { discovery, routing, link, b } = await world();
		routing.start();
		expect(routing.route()).toBe('direct'); // alone in the room
		discovery.announce(b);
		expect(routing.route()).toBe('fallback');
		expect(routing.lastRoute).toBe('fallback');
		link(b); // a direct connection; b's room topic subscription arrived over it
		expect(routing.directPeers()).toEqual([b.toString()]);
		expect(routing.route()).toBe('direct');
	});

	it('goes back through the relay at the next message when a direct link closes', async () => {
		const { pubsub, node, discovery, routing, link, b, c } = await world();
		routing.start();
		discovery.announce(b);
		discovery.announce(c);
		link(b);
		link(c);
		expect(routing.route()).toBe('direct');
		// gossipsub dropped c with its last connection
		node.connections.delete(c.toString());
		pubsub.subscribers = [b];
		expect(routing.route()).toBe('fallback');
	});

	it('does not take a subscription for a link: gossipsub must have a writable stream to the peer', async () => {
		const { node, discovery, routing, link, b } = await world();
		routing.start();
		discovery.announce(b);
		const stream = link(b);
		expect(routing.route()).toBe('direct');
		// The direct connection closed its streams, while the relayed one (signalling) keeps b
		// among gossipsub's subscribers.
		stream.writeStatus = 'closed';
		node.connections.set(b.toString(), [
			{ status: 'open', limits: { seconds: 120 }, streams: [] },
			...node.getConnections(b)
		]);
		expect(routing.route()).toBe('fallback');
		// A relayed connection never counts, even with a gossip stream on it.
		node.connections.set(b.toString(), [
			{
				status: 'open',
				limits: { seconds: 120 },
				streams: [{ ...stream, writeStatus: 'writable' }]
			}
		]);
		expect(routing.route()).toBe('fallback');
		// Nor a closing connection, nor our peer's inbound stream alone.
		node.connections.set(b.toString(), [
			{ status: 'closing', streams: [{ ...stream, writeStatus: 'writable' }] },
			{ status: 'open', streams: [{ ...stream, direction: 'inbound', writeStatus: 'writable' }] }
		]);
		expect(routing.route()).toBe('fallback');
		link(b);
		expect(routing.route()).toBe('direct');
	});

	it('counts records heard before it started, and authors of fallback messages', async () => {
		const { discovery, routing, b, c } = await world();
		discovery.announce(b);
		routing.start();
		expect(routing.route()).toBe('fallback');
		const alone = await world();
		alone.routing.start();
		alone.routing.heard(c.toString());
		expect(alone.routing.route()).toBe('fallback');
	});

	it('stops counting a peer not heard of for the TTL (a closed tab)', async () => {
		const { discovery, clock, routing, b } = await world();
		routing.start();
		discovery.announce(b);
		clock.now = ROOM_PEER_TTL_MS - 1;
		expect(routing.route()).toBe('fallback');
		clock.now = ROOM_PEER_TTL_MS;
		expect(routing.route()).toBe('direct');
		// Its next record brings it back.
		discovery.announce(b);
		expect(routing.route()).toBe('fallback');
	});

	it('forgets a peer at once when it unsubscribes from the room topic (it left cleanly)', async () => {
		const { pubsub, node, discovery, routing, link, b } = await world();
		routing.start();
		discovery.announce(b);
		link(b);
		pubsub.change(b, 'whiteboard/fallback/abcd', false); // another topic: still here
		pubsub.subscribers = [];
		node.connections.clear();
		expect(routing.route()).toBe('fallback');
		pubsub.change(b, ROOM, false);
		expect(routing.route()).toBe('direct');
	});

	it('hears nothing once stopped', async () => {
		const { discovery, routing, link, b, c } = await world();
		routing.start();
		discovery.announce(b);
		link(b);
		routing.stop();
		discovery.announce(c);
		expect(routing.route()).toBe('direct');
	});
});
