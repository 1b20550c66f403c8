import type { Message } from '@libp2p/gossipsub';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
	decodeAwarenessUpdate,
	encodeAwarenessEntries
} from '../../src/lib/presence/awareness-codec.ts';
import { AwarenessSync, type PresenceNode } from '../../src/lib/presence/awareness-sync.ts';
import type { PresenceState } from '../../src/lib/presence/presence-state.ts';
import type { RoomChannel } from '../../src/lib/sync/room-channel.ts';
import {
	decodeRoomMessage,
	encodeRoomMessage,
	ROOM_MESSAGE_AWARENESS,
	type RoomMessage
} from '../../src/lib/sync/room-messages.ts';

const TOPIC = 'whiteboard/room/test';

/** A gossip "network" of stub nodes: publish delivers to every other node, as gossipsub would. */
class FakeNet {
	readonly nodes: FakeNode[] = [];
	add(name: string): FakeNode {
		const node = new FakeNode(name, this);
		this.nodes.push(node);
		return node;
	}
}

class FakeNode extends EventTarget {
	readonly sent: Uint8Array[] = [];
	readonly services: {
		pubsub: EventTarget & { publish: (t: string, d: Uint8Array) => Promise<void> };
	};
	readonly name: string;
	/** A crashed node sends nothing more, not even a goodbye. */
	crashed = false;

	constructor(name: string, net: FakeNet) {
		super();
		this.name = name;
		const pubsub = Object.assign(new EventTarget(), {
			publish: async (topic: string, data: Uint8Array) => {
				if (this.crashed) return;
				this.sent.push(data);
				for (const other of net.nodes) if (other !== this) other.deliver(this.name, topic, data);
			}
		});
		this.services = { pubsub };
	}

	deliver(from: string, topic: string, data: Uint8Array): void {
		try {
			decodeRoomMessage(data); // the topic validator (RoomSync) drops what does not decode
		} catch {
			return;
		}
		const detail = {
			type: 'signed',
			from: { toString: () => from },
			topic,
			data
		} as unknown as Message;
		this.services.pubsub.dispatchEvent(new CustomEvent('message', { detail }));
	}

	asNode(): PresenceNode {
		return this as unknown as PresenceNode;
	}

	/**
	 * The room channel without encryption (covered by crypto-room-channel.test.ts): delivery stays
	 * synchronous, which the timing assertions below rely on.
	 */
	channel(): RoomChannel {
		return {
			topic: TOPIC,
			publish: (message: RoomMessage) =>
				this.services.pubsub.publish(TOPIC, encodeRoomMessage(message)),
			opened: (message: Message) => {
				try {
					return decodeRoomMessage(message.data);
				} catch {
					return undefined;
				}
			}
		};
	}

	/** Cursor positions in the awareness messages this node sent. */
	sentCursors(): Array<{ x: number; y: number } | null> {
		return this.sent.map((bytes) => {
			const [entry] = decodeAwarenessUpdate(decodeRoomMessage(bytes).update);
			return (entry?.state as PresenceState | null)?.cursor ?? null;
		});
	}
}

function stateOf(name: string, cursor: { x: number; y: number } | null = null): PresenceState {
	return { user: { name, color: '#1e66f5' }, cursor };
}

interface Peer {
	node: FakeNode;
	awareness: Awareness;
	sync: AwarenessSync;
	rejected: string[];
}

function peer(net: FakeNet, name: string): Peer {
	const node = net.add(name);
	const awareness = new Awareness(new Y.Doc());
	awareness.setLocalState(stateOf(name));
	const rejected: string[] = [];
	const sync = new AwarenessSync(node.asNode(), awareness, node.channel(), {
		onRejected: (_peer, reason) => rejected.push(reason)
	});
	return { node, awareness, sync, rejected };
}

const names = (awareness: Awareness): string[] =>
	[...awareness.getStates().values()].map((s) => (s as PresenceState).user.name).sort();

beforeEach(() => {
	vi.useFakeTimers();
});

afterEach(() => {
	vi.useRealTimers();
});

describe('AwarenessSync', () => {
	it('publishes cursor moves at most ~30 times a second, always ending with the last', async () => {
		const net = new FakeNet();
		const a = peer(net, 'A');
		a.sync.start();
		a.node.sent.length = 0;
		// 1000 moves over one second (one per millisecond, far above any pointer's rate).
		for (let i = 1; i <= 1000; i++) {
			a.awareness.setLocalStateField('cursor', { x: i, y: 2 * i });
			await vi.advanceTimersByTimeAsync(1);
		}
		const duringSecond = a.node.sent.length;
		await vi.advanceTimersByTimeAsync(100);
		expect(duringSecond).toBeLessThanOrEqual(31);
		expect(duringSecond).toBeGreaterThanOrEqual(25);
		expect(a.node.sentCursors().at(-1)).toEqual({ x: 1000, y: 2000 });
		await a.sync.stop();
	});

	it('shows each peer the others, and re-sends its state when a peer joins the topic', async () => {
		const net = new FakeNet();
		const a = peer(net, 'Alice');
		const b = peer(net, 'Bob');
		a.sync.start();
		b.sync.start();
		await vi.advanceTimersByTimeAsync(50);
		// B joined after A announced itself, but A greets newcomers: both know both.
		expect(names(a.awareness)).toEqual(['Alice', 'Bob']);
		expect(names(b.awareness)).toEqual(['Alice', 'Bob']);

		const sentBefore = a.node.sent.length;
		const detail = {
			peerId: { toString: () => 'C' },
			subscriptions: [{ topic: TOPIC, subscribe: true }]
		};
		a.node.services.pubsub.dispatchEvent(new CustomEvent('subscription-change', { detail }));
		await vi.advanceTimersByTimeAsync(50);
		expect(a.node.sent.length).toBe(sentBefore + 1);
		await Promise.all([a.sync.stop(), b.sync.stop()]);
	});

	it('renews its state every few seconds and drops a silent peer after the timeout', async () => {
		const net = new FakeNet();
		const a = peer(net, 'Alice');
		const b = peer(net, 'Bob');
		a.sync.start();
		b.sync.start();
		await vi.advanceTimersByTimeAsync(50);
		const sentBefore = a.node.sent.length;
		await vi.advanceTimersByTimeAsync(20_000);
		// Renewals (every ~4-5 s) keep both present for as long as both run.
		expect(a.node.sent.length - sentBefore).toBeGreaterThanOrEqual(4);
		expect(names(b.awareness)).toEqual(['Alice', 'Bob']);

		// A "crashes": nothing more from it (no goodbye). B forgets it within 10-11 s.
		a.awareness.setLocalStateField('cursor', { x: 1, y: 1 }); // last sign of life: now
		await vi.advanceTimersByTimeAsync(40);
		a.node.crashed = true;
		await vi.advanceTimersByTimeAsync(9_000);
		expect(names(b.awareness)).toEqual(['Alice', 'Bob']);
		await vi.advanceTimersByTimeAsync(2_100);
		expect(names(b.awareness)).toEqual(['Bob']);
		await Promise.all([a.sync.stop(), b.sync.stop()]);
	});

	it('says goodbye on stop and on a null state; drops peers whose connection closed', async () => {
		const net = new FakeNet();
		const [a, b, c] = [peer(net, 'Alice'), peer(net, 'Bob'), peer(net, 'Carol')];
		for (const p of [a, b, c]) p.sync.start();
		await vi.advanceTimersByTimeAsync(50);
		expect(names(c.awareness)).toEqual(['Alice', 'Bob', 'Carol']);

		await a.sync.stop();
		expect(names(c.awareness)).toEqual(['Bob', 'Carol']);

		b.node.services.pubsub.dispatchEvent(new CustomEvent('x')); // unrelated events are ignored
		c.node.dispatchEvent(new CustomEvent('peer:disconnect', { detail: { toString: () => 'Bob' } }));
		expect(names(c.awareness)).toEqual(['Carol']);

		// Bob is still alive: its next renewal brings it back.
		await vi.advanceTimersByTimeAsync(5_100);
		expect(names(c.awareness)).toEqual(['Bob', 'Carol']);

		b.awareness.setLocalState(null); // the page is being hidden or closed: sent at once
		expect(names(c.awareness)).toEqual(['Carol']);
		await Promise.all([b.sync.stop(), c.sync.stop()]);
	});

	it('lets a peer speak only for its own clients, never for ours', async () => {
		const net = new FakeNet();
		const a = peer(net, 'Alice');
		const b = peer(net, 'Bob');
		a.sync.start();
		b.sync.start();
		await vi.advanceTimersByTimeAsync(50);
		const send = (from: string, clientId: number, clock: number, state: PresenceState) =>
			b.node.deliver(
				from,
				TOPIC,
				encodeRoomMessage({
					type: ROOM_MESSAGE_AWARENESS,
					update: encodeAwarenessEntries([{ clientId, clock, state }])
				})
			);
		send('Mallory', a.awareness.clientID, 1000, stateOf('Fake Alice'));
		send('Mallory', b.awareness.clientID, 1000, stateOf('Fake Bob'));
		expect(names(b.awareness)).toEqual(['Alice', 'Bob']);
		expect(b.rejected).toHaveLength(2);
		// Unknown fields are not kept.
		send('Mallory', 7, 1, { ...stateOf('Mallory'), extra: 'x'.repeat(100) } as PresenceState);
		expect(b.awareness.getStates().get(7)).toEqual(stateOf('Mallory'));
		await Promise.all([a.sync.stop(), b.sync.stop()]);
	});
});
