import { peerIdFromString } from '@libp2p/peer-id';
import { afterEach, describe, expect, it } from 'vitest';
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

	it('refuses topics beyond the cap once, then mirrors them when a slot frees', () => {
		const { pubsub, events, mirror, advance } = setup(1);
		pubsub.peer(PEER_A, 'whiteboard/room/r1', true);
		pubsub.peer(PEER_A, 'whiteboard/room/r2', true);
		pubsub.peer(PEER_B, 'whiteboard/room/r2', true);
		expect(pubsub.joined.has('whiteboard/room/r2')).toBe(false);
		expect(events.filter((e) => e.type === 'refused')).toHaveLength(1);

		pubsub.peer(PEER_A, 'whiteboard/room/r1', false);
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
