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

/** A narrow stand-in: the room topic's subscribers are whatever the test says. */
class FakePubSub extends EventTarget {
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

async function world() {
	const pubsub = new FakePubSub();
	const discovery = new FakeDiscovery();
	const clock = { now: 0 };
	const routing = new RoomRouting({
		pubsub: pubsub as unknown as RoomRoutingOptions['pubsub'],
		roomTopic: ROOM,
		discovery,
		logger: defaultLogger(),
		now: () => clock.now
	});
	const [b, c] = [await newPeerId(), await newPeerId()];
	return { pubsub, discovery, clock, routing, b, c };
}

describe('RoomRouting', () => {
	it('goes through the relay from the moment a room peer is announced until it has a direct link', async () => {
		const { pubsub, discovery, routing, b } = await world();
		routing.start();
		expect(routing.route()).toBe('direct'); // alone in the room
		discovery.announce(b);
		expect(routing.route()).toBe('fallback');
		expect(routing.lastRoute).toBe('fallback');
		pubsub.subscribers = [b]; // b's room topic subscription arrived over a direct link
		expect(routing.route()).toBe('direct');
	});

	it('goes back through the relay at the next message when a direct link closes', async () => {
		const { pubsub, discovery, routing, b, c } = await world();
		routing.start();
		discovery.announce(b);
		discovery.announce(c);
		pubsub.subscribers = [b, c];
		expect(routing.route()).toBe('direct');
		pubsub.subscribers = [b]; // gossipsub dropped c with its connection
		expect(routing.route()).toBe('fallback');
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
		const { pubsub, discovery, routing, b } = await world();
		routing.start();
		discovery.announce(b);
		pubsub.subscribers = [b];
		pubsub.change(b, 'whiteboard/fallback/abcd', false); // another topic: still here
		pubsub.subscribers = [];
		expect(routing.route()).toBe('fallback');
		pubsub.change(b, ROOM, false);
		expect(routing.route()).toBe('direct');
	});

	it('hears nothing once stopped', async () => {
		const { pubsub, discovery, routing, b, c } = await world();
		routing.start();
		discovery.announce(b);
		pubsub.subscribers = [b];
		routing.stop();
		discovery.announce(c);
		expect(routing.route()).toBe('direct');
	});
});
