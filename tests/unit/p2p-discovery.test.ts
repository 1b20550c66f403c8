import type { PeerId, PeerInfo, Startable } from '@libp2p/interface';
import { defaultLogger } from '@libp2p/logger';
import { PubSubPeerDiscovery, pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANNOUNCE_SPACING_MS, MAX_DISCOVERY_RECORDS } from '../../src/lib/p2p/constants';
import { RoomDiscovery, type RoomDiscoveryComponents } from '../../src/lib/p2p/discovery';
import { newPeerId } from './support/fake-node';

/**
 * Real pubsub-peer-discovery instances (they encode and decode the records) on a hand-written
 * pubsub: what one peer publishes on a topic reaches the others as a `message`.
 */
class FakePubSub extends EventTarget {
	readonly peers: FakePubSub[] = [];
	/** Who gossipsub says listens on a topic: publishing skips topics nobody listens on. */
	subscribers: PeerId[] = [];
	published = 0;
	stopped = false;
	subscribe(): void {}
	unsubscribe(): void {}
	getSubscribers(): PeerId[] {
		if (this.stopped) throw new Error('Pubsub is not started');
		return this.subscribers;
	}
	publish(topic: string, data: Uint8Array): void {
		this.published++;
		for (const peer of this.peers) {
			peer.dispatchEvent(new CustomEvent('message', { detail: { topic, data } }));
		}
	}
	subscriptionChange(peerId: PeerId, topic: string, subscribe: boolean): void {
		const detail = { peerId, subscriptions: [{ topic, subscribe }] };
		this.dispatchEvent(new CustomEvent('subscription-change', { detail }));
	}
}

const TOPIC = 'whiteboard/discovery/abcd';
const advance = async (ms = 0): Promise<void> => {
	await vi.advanceTimersByTimeAsync(ms);
};

interface Peer<T extends Startable = Startable> {
	id: PeerId;
	pubsub: FakePubSub;
	events: EventTarget;
	addrs: Multiaddr[];
	instance: T;
}

/** A peer's discovery components, and its discovery service started as libp2p does. */
async function peer<T extends Startable>(
	make: (c: RoomDiscoveryComponents) => T
): Promise<Peer<T>> {
	const p: Omit<Peer, 'instance'> = {
		id: await newPeerId(),
		pubsub: new FakePubSub(),
		events: new EventTarget(),
		addrs: []
	};
	const components = {
		peerId: p.id,
		pubsub: p.pubsub,
		events: p.events,
		addressManager: { getAddresses: () => p.addrs },
		logger: defaultLogger()
	} as unknown as RoomDiscoveryComponents;
	const instance = make(components);
	instance.start();
	instance.afterStart?.();
	return Object.assign(p, { instance });
}

let discovery: RoomDiscovery;
let me: Peer;
let other: Peer<PubSubPeerDiscovery>;
let heard: PeerInfo[];
/** Our announcements since the test began. */
let announced: () => number;

beforeEach(async () => {
	vi.useFakeTimers();
	discovery = new RoomDiscovery({ topic: TOPIC });
	me = await peer(discovery.service);
	other = await peer(
		(c) => pubsubPeerDiscovery({ topics: [TOPIC] })(c) as unknown as PubSubPeerDiscovery
	);
	me.pubsub.peers.push(other.pubsub);
	other.pubsub.peers.push(me.pubsub);
	me.pubsub.subscribers = [other.id];
	other.pubsub.subscribers = [me.id];
	heard = [];
	discovery.addEventListener('peer', (e) => heard.push((e as CustomEvent<PeerInfo>).detail));
	const before = me.pubsub.published;
	announced = () => me.pubsub.published - before;
});

afterEach(() => {
	discovery.stop();
	for (const p of [me, other]) {
		p.instance.beforeStop?.();
		p.instance.stop();
	}
	vi.useRealTimers();
});

const circuit = (p: Peer, relayPort = 9090): Multiaddr =>
	multiaddr(`/ip4/127.0.0.1/tcp/${relayPort}/ws/p2p-circuit/p2p/${p.id}`);

describe('RoomDiscovery records', () => {
	it('passes on every record, also for known peers, and keeps the latest of each', async () => {
		other.instance._broadcast(); // no address yet
		other.addrs = [circuit(other)];
		other.instance._broadcast();
		expect(heard.map((r) => r.id.toString())).toEqual([other.id.toString(), other.id.toString()]);
		expect(heard.map((r) => r.multiaddrs.length)).toEqual([0, 1]);
		const records = discovery.records();
		expect(records).toHaveLength(1);
		expect(records[0]!.multiaddrs.map(String)).toEqual([String(circuit(other))]);
	});

	it(`keeps at most ${MAX_DISCOVERY_RECORDS} records, dropping the peer heard from least recently`, async () => {
		const ids = await Promise.all(Array.from({ length: MAX_DISCOVERY_RECORDS + 1 }, newPeerId));
		// A record of `id`, announced by its own pubsub-peer-discovery (it announces as it starts).
		const hear = async (id: PeerId): Promise<void> => {
			const pubsub = Object.assign(new FakePubSub(), { peers: [me.pubsub], subscribers: [me.id] });
			const components = {
				peerId: id,
				pubsub,
				addressManager: { getAddresses: () => [] },
				logger: defaultLogger()
			} as unknown as RoomDiscoveryComponents;
			const announcer = pubsubPeerDiscovery({ topics: [TOPIC] })(components) as PubSubPeerDiscovery;
			announcer.afterStart();
			announcer.beforeStop();
			announcer.stop();
		};
		for (const id of ids.slice(0, MAX_DISCOVERY_RECORDS)) await hear(id);
		await hear(ids[0]!); // heard again: now the most recent
		await hear(ids[MAX_DISCOVERY_RECORDS]!);
		const kept = new Set(discovery.records().map((r) => r.id.toString()));
		expect(kept.size).toBe(MAX_DISCOVERY_RECORDS);
		expect(kept.has(ids[0]!.toString())).toBe(true);
		expect(kept.has(ids[1]!.toString())).toBe(false);
		expect(kept.has(ids[MAX_DISCOVERY_RECORDS]!.toString())).toBe(true);
	});
});

describe('RoomDiscovery announcements', () => {
	it('announces nothing before start(), then once at once', async () => {
		other.instance._broadcast();
		me.events.dispatchEvent(new Event('self:peer:update'));
		await advance(1_000);
		expect(announced()).toBe(0);
		discovery.start();
		await advance(1);
		expect(announced()).toBe(1);
		// Our record, as the other peer decodes it.
		other.instance.addEventListener('peer', (e) => heard.push(e.detail));
		me.addrs = [circuit(me)];
		me.events.dispatchEvent(new Event('transport:listening'));
		await advance(ANNOUNCE_SPACING_MS);
		expect(heard.at(-1)?.id.toString()).toBe(me.id.toString());
		expect(heard.at(-1)?.multiaddrs.map(String)).toEqual([String(circuit(me))]);
	});

	it('merges a burst of triggers into one announcement, and spaces announcements out', async () => {
		discovery.start();
		await advance(100);
		expect(announced()).toBe(1);
		for (let i = 0; i < 5; i++) me.events.dispatchEvent(new Event('self:peer:update'));
		me.events.dispatchEvent(new Event('transport:listening'));
		await advance(1);
		expect(announced()).toBe(2);
		await advance(5);
		me.events.dispatchEvent(new Event('self:peer:update'));
		await advance(ANNOUNCE_SPACING_MS - 7);
		expect(announced()).toBe(2); // not before ANNOUNCE_SPACING_MS since the last one
		await advance(1);
		expect(announced()).toBe(3);
	});

	it('announces when our addresses change, a peer subscribes to the topic, or a newcomer shows up', async () => {
		discovery.start();
		await advance(100);
		const triggers: [string, () => void, number][] = [
			['self:peer:update', () => me.events.dispatchEvent(new Event('self:peer:update')), 1],
			['transport:listening', () => me.events.dispatchEvent(new Event('transport:listening')), 1],
			['subscribe', () => me.pubsub.subscriptionChange(other.id, TOPIC, true), 1],
			['unsubscribe', () => me.pubsub.subscriptionChange(other.id, TOPIC, false), 0],
			['other topic', () => me.pubsub.subscriptionChange(other.id, 'whiteboard/room/x', true), 0],
			['first record', () => other.instance._broadcast(), 1],
			['later record', () => other.instance._broadcast(), 0]
		];
		const seen: [string, number][] = [];
		for (const [name, trigger] of triggers) {
			const before = announced();
			trigger();
			await advance(100);
			seen.push([name, announced() - before]);
		}
		expect(seen).toEqual(triggers.map(([name, , expected]) => [name, expected]));
	});

	it('announces nothing after stop(), not even what was pending', async () => {
		discovery.start();
		await advance(100);
		me.events.dispatchEvent(new Event('self:peer:update'));
		discovery.stop();
		me.events.dispatchEvent(new Event('transport:listening'));
		me.pubsub.subscriptionChange(other.id, TOPIC, true);
		other.instance._broadcast();
		await advance(5_000);
		expect(announced()).toBe(1);
		expect(heard).toHaveLength(1); // records still arrive and are passed on
	});

	it('counts an announcement that fails while the node stops, without throwing', async () => {
		discovery.start();
		await advance(100);
		me.pubsub.stopped = true;
		me.events.dispatchEvent(new Event('self:peer:update'));
		await advance(100);
		expect(discovery.failedAnnouncements).toBe(1);
		// Once libp2p has stopped the module, nothing is even tried.
		me.instance.beforeStop?.();
		me.instance.stop();
		me.events.dispatchEvent(new Event('self:peer:update'));
		await advance(100);
		expect(discovery.failedAnnouncements).toBe(1);
	});
});
