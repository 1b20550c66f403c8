import { TopicValidatorResult } from '@libp2p/gossipsub';
import { defaultLogger } from '@libp2p/logger';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Cipher } from '../../src/lib/crypto/envelope.ts';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';
import type { RoomWriteKey } from '../../src/lib/sync/room-cipher.ts';
import { encodeDraft } from '../../src/lib/board/draft-codec.ts';
import {
	decodeAwarenessUpdate,
	encodeAwarenessEntries,
	MAX_STATE_JSON_LENGTH
} from '../../src/lib/presence/awareness-codec.ts';
import { AwarenessGossip, type PresenceNode } from '../../src/lib/presence/awareness-gossip.ts';
import type { PresenceState } from '../../src/lib/presence/presence-state.ts';
import { RoomCipher } from '../../src/lib/sync/room-cipher.ts';
import {
	decodeRoomMessage,
	encodeRoomMessage,
	ROOM_MESSAGE_AWARENESS
} from '../../src/lib/sync/room-messages.ts';
import { RoomTopic, type Rejection } from '../../src/lib/sync/room-topic.ts';
import { FakeGossipNet, newPeerId, type FakeGossipNode } from './support/fake-gossip.ts';

const TOPIC = 'whiteboard/room/test';
const logger = defaultLogger();

/**
 * No encryption for the timing tests (room-topic.test.ts and the real-key tests below cover it):
 * delivery then completes within microtasks, which the fake-timer assertions rely on.
 */
/**
 * These tests are about presence, on fake timers: the cipher and the write key are stand-ins that
 * answer at once (real WebCrypto would answer after the fake clock moved on). The real ones run in
 * "presence in the topic validator" below and in room-topic.test.ts.
 */
const STAND_IN_SIGNATURE = new Uint8Array(64);
const writeKey = {
	signer: { publicKey: new Uint8Array(32), sign: async () => STAND_IN_SIGNATURE },
	verifier: { verify: async () => true }
} as unknown as RoomWriteKey;
const plaintext = {
	seal: async (bytes: Uint8Array) => bytes,
	open: async (bytes: Uint8Array) => bytes
} as unknown as Cipher;

function stateOf(name: string, cursor: { x: number; y: number } | null = null): PresenceState {
	return {
		user: { name, color: '#1e66f5' },
		cursor,
		draft: null,
		committed: null,
		laser: null,
		view: null,
		following: null
	};
}

interface Peer {
	node: FakeGossipNode;
	gossip: AwarenessGossip;
	awareness: Awareness;
	topic: RoomTopic;
	rejected: Rejection[];
	start(): void;
	stop(): Promise<void>;
	/** Cursor positions in the presence messages this node sent. */
	sentCursors(): Array<{ x: number; y: number } | null>;
}

async function peer(
	net: FakeGossipNet,
	name: string,
	cipher = plaintext,
	key: RoomWriteKey = writeKey
): Promise<Peer> {
	const node = await net.add();
	const awareness = new Awareness(new Y.Doc());
	awareness.setLocalState(stateOf(name));
	const rejected: Rejection[] = [];
	const topic = new RoomTopic({
		pubsub: node.services.pubsub,
		topic: TOPIC,
		cipher,
		writeKey: key,
		logger,
		onRejected: (r) => rejected.push(r)
	});
	const gossip = new AwarenessGossip({
		node: node as unknown as PresenceNode,
		awareness,
		topic,
		logger
	});
	return {
		node,
		gossip,
		awareness,
		topic,
		rejected,
		start() {
			gossip.start();
			topic.start();
		},
		async stop() {
			await gossip.stop();
			topic.stop();
		},
		sentCursors: () =>
			node.services.pubsub.sent.map(({ data }) => {
				const message = decodeRoomMessage(
					data.subarray(0, data.length - STAND_IN_SIGNATURE.length)
				);
				const [entry] = decodeAwarenessUpdate(message.payload);
				return (entry?.state as PresenceState | null)?.cursor ?? null;
			})
	};
}

/** Peers on one fake network, started and past their first announcements. */
async function started<const N extends readonly string[]>(
	who: N
): Promise<{ [K in keyof N]: Peer }> {
	const net = new FakeGossipNet();
	const peers: Peer[] = [];
	for (const name of who) peers.push(await peer(net, name));
	for (const p of peers) p.start();
	await vi.advanceTimersByTimeAsync(50);
	return peers as { [K in keyof N]: Peer };
}

const names = (awareness: Awareness): string[] =>
	[...awareness.getStates().values()].map((s) => (s as PresenceState).user.name).sort();

/** A presence message as the stand-in cipher and write key seal it. */
const presenceMessage = (clientId: number, clock: number, state: unknown) =>
	new Uint8Array([
		...encodeRoomMessage({
			type: ROOM_MESSAGE_AWARENESS,
			payload: encodeAwarenessEntries([{ clientId, clock, state }])
		}),
		...STAND_IN_SIGNATURE
	]);

describe('AwarenessGossip', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});

	afterEach(() => {
		vi.useRealTimers();
	});

	it('publishes cursor moves at most ~30 times a second, always ending with the last', async () => {
		const net = new FakeGossipNet();
		const a = await peer(net, 'A');
		a.start();
		await vi.advanceTimersByTimeAsync(0);
		a.node.services.pubsub.sent.length = 0;
		// 1000 moves over one second (one per millisecond, far above any pointer's rate).
		for (let i = 1; i <= 1000; i++) {
			a.awareness.setLocalStateField('cursor', { x: i, y: 2 * i });
			await vi.advanceTimersByTimeAsync(1);
		}
		const duringSecond = a.node.services.pubsub.sent.length;
		await vi.advanceTimersByTimeAsync(100);
		// At least 29 ms apart (the frame share's interval, less its slack): about 30 a second.
		expect(duringSecond).toBeLessThanOrEqual(35);
		expect(duringSecond).toBeGreaterThanOrEqual(25);
		expect(a.sentCursors().at(-1)).toEqual({ x: 1000, y: 2000 });
		await a.stop();
	});

	it('shows each peer the others, and re-sends its state when a peer joins the topic', async () => {
		const [a, b] = await started(['Alice', 'Bob']);
		// B joined after A announced itself, but A greets newcomers: both know both.
		expect(names(a.awareness)).toEqual(['Alice', 'Bob']);
		expect(names(b.awareness)).toEqual(['Alice', 'Bob']);

		const sentBefore = a.node.services.pubsub.sent.length;
		const detail = {
			peerId: await newPeerId(),
			subscriptions: [{ topic: TOPIC, subscribe: true }]
		};
		a.node.services.pubsub.dispatchEvent(new CustomEvent('subscription-change', { detail }));
		await vi.advanceTimersByTimeAsync(50);
		expect(a.node.services.pubsub.sent.length).toBe(sentBefore + 1);
		await Promise.all([a.stop(), b.stop()]);
	});

	it('renews its state every few seconds and drops a silent peer after the timeout', async () => {
		const [a, b] = await started(['Alice', 'Bob']);
		const sentBefore = a.node.services.pubsub.sent.length;
		await vi.advanceTimersByTimeAsync(20_000);
		// Renewals (every ~4-5 s) keep both present for as long as both run.
		expect(a.node.services.pubsub.sent.length - sentBefore).toBeGreaterThanOrEqual(4);
		expect(names(b.awareness)).toEqual(['Alice', 'Bob']);

		// A "crashes": nothing more from it (no goodbye). B forgets it within 10-11 s.
		a.awareness.setLocalStateField('cursor', { x: 1, y: 1 }); // last sign of life: now
		await vi.advanceTimersByTimeAsync(40);
		a.node.crashed = true;
		await vi.advanceTimersByTimeAsync(9_000);
		expect(names(b.awareness)).toEqual(['Alice', 'Bob']);
		await vi.advanceTimersByTimeAsync(2_100);
		expect(names(b.awareness)).toEqual(['Bob']);
		await Promise.all([a.stop(), b.stop()]);
	});

	it('says goodbye on stop and on a null state; drops peers whose connection closed', async () => {
		const [a, b, c] = await started(['Alice', 'Bob', 'Carol']);
		expect(names(c.awareness)).toEqual(['Alice', 'Bob', 'Carol']);

		await a.stop();
		expect(names(c.awareness)).toEqual(['Bob', 'Carol']);

		b.node.services.pubsub.dispatchEvent(new CustomEvent('x')); // unrelated events are ignored
		c.node.dispatchEvent(new CustomEvent('peer:disconnect', { detail: b.node.peerId }));
		expect(names(c.awareness)).toEqual(['Carol']);

		// Bob is still alive: its next renewal brings it back.
		await vi.advanceTimersByTimeAsync(5_100);
		expect(names(c.awareness)).toEqual(['Bob', 'Carol']);

		b.awareness.setLocalState(null); // the page is being hidden or closed: sent at once
		await vi.advanceTimersByTimeAsync(0);
		expect(names(c.awareness)).toEqual(['Carol']);

		// A peer that unsubscribed from the topic has left too.
		b.awareness.setLocalState(stateOf('Bob'));
		await vi.advanceTimersByTimeAsync(50);
		expect(names(c.awareness)).toEqual(['Bob', 'Carol']);
		const detail = { peerId: b.node.peerId, subscriptions: [{ topic: TOPIC, subscribe: false }] };
		c.node.services.pubsub.dispatchEvent(new CustomEvent('subscription-change', { detail }));
		expect(names(c.awareness)).toEqual(['Carol']);
		await Promise.all([b.stop(), c.stop()]);
	});

	it('lets a peer speak only for its own clients, never for ours', async () => {
		const [a, b] = await started(['Alice', 'Bob']);
		const mallory = await newPeerId();
		const send = (clientId: number, clock: number, state: unknown) =>
			b.node.services.pubsub.receive(mallory, TOPIC, presenceMessage(clientId, clock, state));
		await send(a.awareness.clientID, 1000, stateOf('Fake Alice'));
		await send(b.awareness.clientID, 1000, stateOf('Fake Bob'));
		expect(names(b.awareness)).toEqual(['Alice', 'Bob']);
		expect(b.rejected.map((r) => [r.peer, r.reason])).toEqual([
			[mallory.toString(), 'presence'],
			[mallory.toString(), 'presence']
		]);
		expect(b.topic.stats.rejectedByReason).toEqual({ presence: 2 });
		// Unknown fields are not kept.
		await send(7, 1, { ...stateOf('Mallory'), extra: 'x'.repeat(100) });
		expect(b.awareness.getStates().get(7)).toEqual(stateOf('Mallory'));
		await Promise.all([a.stop(), b.stop()]);
	});

	it('carries drafts, checked like elements: a hostile one is rejected with its message', async () => {
		const [a, b] = await started(['Alice', 'Bob']);
		const draft = encodeDraft({
			id: 'abcdefghijklmnop',
			type: 'rectangle',
			x: 1,
			y: 2,
			z: 0,
			createdAt: 0,
			w: 30,
			h: 40,
			fill: null,
			color: '#000',
			width: 2
		});
		a.awareness.setLocalState({ ...stateOf('Alice'), draft, committed: null });
		await vi.advanceTimersByTimeAsync(50);
		expect(b.awareness.getStates().get(a.awareness.clientID)).toMatchObject({ draft });
		const mallory = await newPeerId();
		const verdict = await b.node.services.pubsub.receive(
			mallory,
			TOPIC,
			presenceMessage(7, 1, { ...stateOf('Mallory'), draft: { ...draft, w: -5 } })
		);
		expect(verdict).toBe(TopicValidatorResult.Reject);
		expect(b.awareness.getStates().has(7)).toBe(false);
		await Promise.all([a.stop(), b.stop()]);
	});

	it('never publishes a state peers would refuse, such as one longer than every peer accepts', async () => {
		const [a, b] = await started(['Alice', 'Bob']);
		const sent = a.node.services.pubsub.sent.length;
		a.awareness.setLocalState({ ...stateOf('Alice'), note: 'x'.repeat(MAX_STATE_JSON_LENGTH) });
		await vi.advanceTimersByTimeAsync(100);
		expect(a.node.services.pubsub.sent.length).toBe(sent);
		expect(a.gossip.stats.unsendable).toBe(1);
		expect(b.rejected).toEqual([]);
		await Promise.all([a.stop(), b.stop()]);
	});

	it('accepts and ignores presence that arrives while it says goodbye', async () => {
		const net = new FakeGossipNet();
		const a = await peer(net, 'Alice');
		a.start();
		const other = await newPeerId();
		const stopping = a.stop();
		// Arrives while the goodbye is on its way: accepted (not held against the sender), not applied.
		const verdict = await a.node.services.pubsub.receive(
			other,
			TOPIC,
			presenceMessage(9, 1, stateOf('Late'))
		);
		await stopping;
		expect(verdict).toBe(TopicValidatorResult.Accept);
		expect(a.awareness.getStates().has(9)).toBe(false);
		expect(a.topic.stats.rejected).toBe(0);
	});
});

describe('presence in the topic validator (real room key)', () => {
	const VALID_STATE = { user: { name: 'Alice', color: '#1e66f5' }, cursor: { x: 10, y: -4.5 } };

	/** One entry (client 42, clock 3) with this JSON text. */
	function updateWithJson(json: string): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, 42);
		encoding.writeVarUint(encoder, 3);
		encoding.writeVarString(encoder, json);
		return encoding.toUint8Array(encoder);
	}

	function awarenessUpdate(state: object | null): Uint8Array {
		const awareness = new Awareness(new Y.Doc());
		awareness.setLocalState(state);
		const update = encodeAwarenessUpdate(awareness, [awareness.clientID]);
		awareness.destroy();
		return update;
	}

	async function receiver() {
		const key = await RoomKey.fromBytes(new Uint8Array(32).fill(5));
		const net = new FakeGossipNet();
		const bob = await peer(net, 'Bob', key.gossip, key);
		bob.start();
		const sender = await newPeerId();
		const cipher = new RoomCipher(TOPIC, key.gossip, key);
		const deliver = async (payload: Uint8Array) =>
			bob.node.services.pubsub.receive(
				sender,
				TOPIC,
				await cipher.seal({ type: ROOM_MESSAGE_AWARENESS, payload })
			);
		return { bob, deliver };
	}

	it('accepts valid states and goodbyes, keeping only the known fields', async () => {
		const { bob, deliver } = await receiver();
		expect(await deliver(awarenessUpdate(VALID_STATE))).toBe(TopicValidatorResult.Accept);
		const extra = JSON.stringify({ ...VALID_STATE, status: 'typing' });
		expect(await deliver(updateWithJson(extra))).toBe(TopicValidatorResult.Accept);
		// A state from a peer without drafts (and unknown fields dropped): no draft.
		expect(bob.awareness.getStates().get(42)).toEqual({
			...VALID_STATE,
			draft: null,
			committed: null,
			laser: null,
			view: null,
			following: null
		});
		expect(await deliver(updateWithJson('null'))).toBe(TopicValidatorResult.Accept);
		expect(bob.awareness.getStates().has(42)).toBe(false); // client 42 left
		expect(await deliver(awarenessUpdate({ ...VALID_STATE, cursor: null }))).toBe(
			TopicValidatorResult.Accept
		);
		expect(names(bob.awareness)).toEqual(['Alice', 'Alice', 'Bob']);
		expect(bob.topic.stats.rejected).toBe(0);
		await bob.stop();
	});

	it('rejects malformed updates and invalid presence states as malformed, applying nothing', async () => {
		const { bob, deliver } = await receiver();
		const update = awarenessUpdate(VALID_STATE);
		const invalidStates = [
			{},
			{ user: { name: 'x'.repeat(65), color: '#fff' }, cursor: null },
			{ user: { name: '', color: '#fff' }, cursor: null },
			{ user: { name: 'Eve', color: 'red' }, cursor: null },
			{ user: { name: 'Eve', color: '#fff;background:url(x)' }, cursor: null },
			{ user: { name: 'Eve', color: '#fff' }, cursor: { x: '1', y: 2 } },
			{ user: { name: 'Eve', color: '#fff' } }
		];
		const bad = [
			update.subarray(0, update.length - 2), // truncated state
			new Uint8Array([...update, 7]), // trailing bytes inside the update
			updateWithJson('{"user":'), // not JSON
			updateWithJson('x'.repeat(9000)), // state text too long
			new Uint8Array([200, 1]), // claims 200 entries
			// JSON has no Infinity, but 1e400 parses to it.
			updateWithJson('{"user":{"name":"Eve","color":"#fff"},"cursor":{"x":1e400,"y":0}}'),
			...invalidStates.map((state) => updateWithJson(JSON.stringify(state)))
		];
		for (const payload of bad) {
			expect(await deliver(payload)).toBe(TopicValidatorResult.Reject);
		}
		expect(bob.topic.stats.rejectedByReason).toEqual({ malformed: bad.length });
		expect(bob.rejected.at(-1)?.detail).toMatch(/invalid presence state for client 42/);
		expect(names(bob.awareness)).toEqual(['Bob']);
		await bob.stop();
	});

	it('encodes entries that y-protocols reads back', () => {
		const update = encodeAwarenessEntries([{ clientId: 42, clock: 3, state: VALID_STATE }]);
		const awareness = new Awareness(new Y.Doc());
		applyAwarenessUpdate(awareness, update, 'test');
		expect(awareness.getStates().get(42)).toEqual(VALID_STATE);
		expect(awareness.meta.get(42)?.clock).toBe(3);
		awareness.destroy();
	});
});
