import { peerIdFromString } from '@libp2p/peer-id';
import { afterEach, describe, expect, it } from 'vitest';
import { topicCost } from '../../relay/topic-budget.ts';
import { TopicMirror, type MirrorPubSub, type TopicMirrorEvent } from '../../relay/topic-mirror.ts';
import type { SubscriptionChangeData } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';

const PEER_A = peerIdFromString('12D3KooWPbP6Ba3uKqAizAaJmhjZvQfnpGi5P19Z7cQDpBuk9j5q');
const PEER_B = peerIdFromString('12D3KooWPe7hbuNyzdPvtNfYtQdHMHJfpmVCY9d2ocdtweRAb6pr');

/** Just enough of gossipsub: tracks who subscribes to what and what we joined. */
class FakePubSub extends EventTarget {
	readonly joined = new Set<string>();
	readonly subscribers = new Map<string, PeerId[]>();

	subscribe(topic: string) {
		this.joined.add(topic);
	}
	unsubscribe(topic: string) {
		this.joined.delete(topic);
	}
	getSubscribers(topic: string) {
		return this.subscribers.get(topic) ?? [];
	}
	/** Mimics gossipsub: update subscriber table, then emit subscription-change. */
	peer(peerId: PeerId, topic: string, subscribe: boolean) {
		const list = this.getSubscribers(topic).filter((p) => !p.equals(peerId));
		if (subscribe) list.push(peerId);
		this.subscribers.set(topic, list);
		const detail: SubscriptionChangeData = { peerId, subscriptions: [{ topic, subscribe }] };
		this.dispatchEvent(new CustomEvent('subscription-change', { detail }));
	}
}

describe('TopicMirror', () => {
	let mirror: TopicMirror | undefined;
	afterEach(() => mirror?.stop());

	function setup(maxTopics = 10) {
		const pubsub = new FakePubSub();
		const events: TopicMirrorEvent[] = [];
		let now = 0;
		mirror = new TopicMirror(pubsub as unknown as MirrorPubSub, {
			prefixes: ['whiteboard/'],
			discoveryTopicPrefix: 'whiteboard/discovery/',
			maxTopics,
			idleGraceMs: 1000,
			now: () => now,
			onEvent: (e) => events.push(e)
		});
		mirror.start();
		return { pubsub, events, mirror, advance: (ms: number) => (now += ms) };
	}

	it('subscribes to whiteboard discovery and room topics its peers subscribe to', () => {
		const { pubsub, events, mirror } = setup();
		pubsub.peer(PEER_A, 'whiteboard/discovery/r1', true);
		pubsub.peer(PEER_A, 'whiteboard/room/r1', true);
		pubsub.peer(PEER_B, 'whiteboard/room/r1', true);
		pubsub.peer(PEER_A, 'other/topic', true);

		expect([...pubsub.joined].sort()).toEqual(['whiteboard/discovery/r1', 'whiteboard/room/r1']);
		expect(mirror.topics.sort()).toEqual(['whiteboard/discovery/r1', 'whiteboard/room/r1']);
		expect(events.map((e) => [e.type, e.topic, 'kind' in e ? e.kind : ''])).toEqual([
			['mirror', 'whiteboard/discovery/r1', 'discovery'],
			['mirror', 'whiteboard/room/r1', 'topic']
		]);
	});

	it('unsubscribes once no peer has subscribed for the grace period', () => {
		const { pubsub, mirror, advance } = setup();
		pubsub.peer(PEER_A, 'whiteboard/room/r1', true);
		pubsub.peer(PEER_B, 'whiteboard/room/r1', true);
		pubsub.peer(PEER_A, 'whiteboard/room/r1', false);
		mirror.sweep();
		expect(pubsub.joined.has('whiteboard/room/r1')).toBe(true);

		pubsub.peer(PEER_B, 'whiteboard/room/r1', false);
		advance(999);
		mirror.sweep();
		expect(pubsub.joined.has('whiteboard/room/r1')).toBe(true);
		advance(1);
		mirror.sweep();
		expect(pubsub.joined.has('whiteboard/room/r1')).toBe(false);
		expect(mirror.topics).toEqual([]);
	});

	it('keeps a topic whose subscriber comes back within the grace period', () => {
		const { pubsub, mirror, advance } = setup();
		pubsub.peer(PEER_A, 'whiteboard/room/r1', true);
		pubsub.peer(PEER_A, 'whiteboard/room/r1', false);
		advance(900);
		pubsub.peer(PEER_A, 'whiteboard/room/r1', true);
		advance(900);
		mirror.sweep();
		expect(pubsub.joined.has('whiteboard/room/r1')).toBe(true);
	});

	it('refuses topics beyond the cap, telling each peer, then mirrors them when a slot frees', () => {
		const { pubsub, events, mirror, advance } = setup(1);
		pubsub.peer(PEER_A, 'whiteboard/room/r1', true);
		pubsub.peer(PEER_A, 'whiteboard/room/r2', true);
		pubsub.peer(PEER_B, 'whiteboard/room/r2', true);
		expect(pubsub.joined.has('whiteboard/room/r2')).toBe(false);
		const refused = events.filter((e) => e.type === 'refused');
		expect(refused.map((e) => [e.peer.toString(), e.reason])).toEqual([
			[PEER_A.toString(), 'full'],
			[PEER_B.toString(), 'full']
		]);
		expect(mirror.waiting).toBe(1);

		pubsub.peer(PEER_A, 'whiteboard/room/r1', false);
		advance(1000);
		mirror.sweep();
		expect([...pubsub.joined]).toEqual(['whiteboard/room/r2']);
		expect(mirror.waiting).toBe(0);
	});

	it('lets one peer bring in at most maxTopicsPerPeer topics; others still get theirs', () => {
		const pubsub = new FakePubSub();
		const events: TopicMirrorEvent[] = [];
		mirror = new TopicMirror(pubsub as unknown as MirrorPubSub, {
			prefixes: ['whiteboard/'],
			discoveryTopicPrefix: 'whiteboard/discovery/',
			maxTopics: 100,
			maxTopicsPerPeer: 2,
			onEvent: (e) => events.push(e)
		});
		mirror.start();
		for (let i = 0; i < 5; i++) pubsub.peer(PEER_A, `whiteboard/room/a${i}`, true);
		pubsub.peer(PEER_B, 'whiteboard/room/a4', true);
		expect([...pubsub.joined].sort()).toEqual([
			'whiteboard/room/a0',
			'whiteboard/room/a1',
			'whiteboard/room/a4'
		]);
		const refused = events.filter((e) => e.type === 'refused');
		expect(refused.map((e) => [e.topic, e.reason])).toEqual([
			['whiteboard/room/a2', 'per-peer'],
			['whiteboard/room/a3', 'per-peer'],
			['whiteboard/room/a4', 'per-peer']
		]);
		// Leaving one topic frees a slot for the next subscription.
		pubsub.peer(PEER_A, 'whiteboard/room/a0', false);
		pubsub.peer(PEER_A, 'whiteboard/room/a9', true);
		expect(pubsub.joined.has('whiteboard/room/a9')).toBe(true);
	});

	it('keeps its subscriptions within the byte budget peers accept, and refuses long names', () => {
		const pubsub = new FakePubSub();
		const events: TopicMirrorEvent[] = [];
		const topic = (i: number) => `whiteboard/room/${String(i).padStart(22, '0')}`;
		mirror = new TopicMirror(pubsub as unknown as MirrorPubSub, {
			prefixes: ['whiteboard/'],
			discoveryTopicPrefix: 'whiteboard/discovery/',
			maxTopics: 100,
			maxTopicsPerPeer: 100,
			subscriptionBudgetBytes: 3 * topicCost(topic(0)),
			onEvent: (e) => events.push(e)
		});
		mirror.start();
		for (let i = 0; i < 4; i++) pubsub.peer(PEER_A, topic(i), true);
		expect(pubsub.joined.size).toBe(3);
		expect(mirror.subscriptionBytes).toBe(3 * topicCost(topic(0)));
		pubsub.peer(PEER_B, `whiteboard/room/${'x'.repeat(200)}`, true);
		const refused = events.filter((e) => e.type === 'refused');
		expect(refused.map((e) => e.reason)).toEqual(['budget', 'name']);
	});

	it('drops the topics of a peer that left after the grace period, and knows who has a room', () => {
		const { pubsub, mirror, advance } = setup();
		pubsub.peer(PEER_A, 'whiteboard/room/r1', true);
		pubsub.peer(PEER_B, 'whiteboard/room/r2', true);
		expect(mirror.hasTopics(PEER_A)).toBe(true);
		// Gossipsub forgets a disconnected peer's subscriptions without an event.
		pubsub.subscribers.set('whiteboard/room/r1', []);
		mirror.peerLeft(PEER_A);
		expect(mirror.hasTopics(PEER_A)).toBe(false);
		advance(1000);
		mirror.sweep();
		expect([...pubsub.joined]).toEqual(['whiteboard/room/r2']);
	});

	it('treats disconnected subscribers as gone', () => {
		const pubsub = new FakePubSub();
		mirror = new TopicMirror(pubsub as unknown as MirrorPubSub, {
			prefixes: ['whiteboard/'],
			discoveryTopicPrefix: 'whiteboard/discovery/',
			maxTopics: 10,
			idleGraceMs: 0,
			isConnected: () => false
		});
		mirror.start();
		pubsub.peer(PEER_A, 'whiteboard/room/r1', true);
		mirror.sweep();
		expect(pubsub.joined.size).toBe(0);
	});

	it('stops listening after stop()', () => {
		const { pubsub, mirror } = setup();
		mirror.stop();
		pubsub.peer(PEER_A, 'whiteboard/room/r1', true);
		expect(pubsub.joined.size).toBe(0);
	});
});
