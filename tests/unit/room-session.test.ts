/**
 * RoomSession with real libp2p nodes: Node.js TCP nodes on 127.0.0.1 (the browser's WebRTC and
 * relay transports do not exist here) built by the session's node factory, connected directly by
 * the test; real gossipsub, real room keys, real Yjs documents. The local copy is an in-memory
 * stand-in whose loading the tests control.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board.ts';
import { randomRoomKey } from '../../src/lib/crypto/room-key.ts';
import type { NetworkConfig } from '../../src/lib/p2p/config.ts';
import type { BrowserNode } from '../../src/lib/p2p/node.ts';
import type { PresenceState } from '../../src/lib/presence/presence-state.ts';
import { RoomSession, type RoomSessionOptions } from '../../src/lib/room/room-session.ts';
import { SYNC_PROTOCOL } from '../../src/lib/sync/constants.ts';
import { connect, createTcpNode } from './support/tcp-node.ts';
import { TEXT_ELEMENT } from './support/elements.ts';

const config: NetworkConfig = {
	relays: [],
	iceServers: [],
	allowPrivateAddresses: true,
	allowInsecureWebSockets: true
};

function deferred<T = void>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

/** A local copy that loads when the test says, holding `stored` (a Yjs update) if given. */
function memoryStore(stored?: Uint8Array) {
	const loaded = deferred();
	const destroyed = vi.fn(async () => {});
	const open: RoomSessionOptions['openStore'] = async (_roomId, doc) => {
		await loaded.promise;
		if (stored != null) Y.applyUpdate(doc, stored);
		return { destroy: destroyed };
	};
	return { open, load: loaded.resolve, destroyed };
}

/** Polls until `check` passes: network delivery has no single event to await here. */
const eventually = <T>(check: () => T) => vi.waitFor(check, { timeout: 5_000, interval: 10 });

const sessions: RoomSession[] = [];
const extraNodes: BrowserNode[] = [];

afterEach(async () => {
	await Promise.all(sessions.splice(0).map((s) => s.stop()));
	await Promise.all(extraNodes.splice(0).map((n) => n.stop()));
});

function session(key: string, options: RoomSessionOptions = {}): RoomSession {
	const s = new RoomSession('room-test', key, config, {
		createNode: (_config, discovery, privateKey) => createTcpNode({ privateKey, discovery }),
		openStore: async () => ({ destroy: async () => {} }),
		...options
	});
	sessions.push(s);
	return s;
}

/** Whether anything of the room is running on this node. */
function roomServices(node: BrowserNode, topic: string) {
	return {
		subscribed: node.services.pubsub.getTopics().includes(topic),
		validator: node.services.pubsub.topicValidators.has(topic),
		syncProtocol: node.getProtocols().includes(SYNC_PROTOCOL)
	};
}

const NOTHING = { subscribed: false, validator: false, syncProtocol: false };

describe('RoomSession', () => {
	it('starts the node and its relay keeper before the local copy has loaded; the room waits for it', async () => {
		const store = memoryStore();
		const s = session(randomRoomKey(), { openStore: store.open });
		const loaded = new Promise((resolve) => s.addEventListener('loaded', resolve));
		const starting = s.start();
		await eventually(() => expect(s.node?.status).toBe('started'));
		const node = s.node as BrowserNode;
		expect(roomServices(node, s.topic)).toEqual(NOTHING);
		expect(s.sync).toBeUndefined();
		expect(s.relays).toBeDefined();

		store.load();
		await starting;
		await loaded;
		expect(s.persisted).toBe(true);
		expect(roomServices(node, s.topic)).toEqual({
			subscribed: true,
			validator: true,
			syncProtocol: true
		});
		expect(s.sync?.stats).toEqual({
			published: 0,
			received: 0,
			publishedFallback: 0,
			publishedLive: 0,
			rejected: 0,
			rejectedByReason: {},
			exchanges: 0,
			failedExchanges: 0
		});

		await s.stop();
		expect(node.status).toBe('stopped');
		expect(roomServices(node, s.topic)).toEqual(NOTHING);
		expect(store.destroyed).toHaveBeenCalledTimes(1);
	});

	it('works without a local copy (storage refused), and says so', async () => {
		const s = session(randomRoomKey(), {
			openStore: async () => {
				throw new Error('IndexedDB is not available');
			}
		});
		await s.start();
		expect(s.persisted).toBe(false);
		expect(s.log).toMatchObject([{ kind: 'storage-failed', detail: 'IndexedDB is not available' }]);
		expect(s.sync).toBeDefined();
	});

	it('stop right after start creates no node at all', async () => {
		const createNode = vi.fn(() => createTcpNode());
		const s = session(randomRoomKey(), { createNode });
		await Promise.all([s.start(), s.stop()]);
		expect(createNode).not.toHaveBeenCalled();
		expect(s.node).toBeUndefined();
	});

	it('stop while the node is being created stops that node', async () => {
		const creating = deferred();
		const gate = deferred();
		let made: BrowserNode | undefined;
		const s = session(randomRoomKey(), {
			createNode: async (_c, discovery, privateKey) => {
				creating.resolve();
				await gate.promise;
				made = await createTcpNode({ privateKey, discovery });
				return made;
			}
		});
		const starting = s.start();
		await creating.promise;
		await s.stop();
		gate.resolve();
		await starting;
		expect(made?.status).toBe('stopped');
		expect(s.node).toBeUndefined();
		expect(s.sync).toBeUndefined();
	});

	it('stop while the local copy loads leaves nothing running, and closes the copy when it opens', async () => {
		const store = memoryStore();
		const s = session(randomRoomKey(), { openStore: store.open });
		const starting = s.start();
		await eventually(() => expect(s.node?.status).toBe('started'));
		const node = s.node as BrowserNode;
		await s.stop();
		expect(node.status).toBe('stopped');
		store.load();
		await starting;
		expect(store.destroyed).toHaveBeenCalledTimes(1);
		expect(s.persisted).toBe(false);
		expect(s.sync).toBeUndefined();
		expect(roomServices(node, s.topic)).toEqual(NOTHING);
	});

	it('two sessions of one room converge: the exchange on connecting, then gossip and presence', async () => {
		const key = randomRoomKey();
		// A's local copy already holds a board drawn earlier (offline).
		const earlier = new Y.Doc();
		const offlineId = new Board(earlier).add(TEXT_ELEMENT);
		const storeA = memoryStore(Y.encodeStateAsUpdate(earlier));
		const a = session(key, { openStore: storeA.open });
		const b = session(key);
		storeA.load();
		await Promise.all([a.start(), b.start()]);
		expect(new Board(a.doc).get(offlineId)).toBeDefined();
		expect(a.topic).toBe(b.topic);
		const idB = new Board(b.doc).add({ ...TEXT_ELEMENT, text: 'from B, alone' });

		await connect(a.node as BrowserNode, b.node as BrowserNode);
		const boardA = new Board(a.doc);
		const boardB = new Board(b.doc);
		await eventually(() => {
			expect(boardB.get(offlineId)).toBeDefined();
			expect(boardA.get(idB)).toBeDefined();
		});
		// Both ends report the exchange once it has ended.
		await eventually(() => {
			expect(a.log.some((e) => e.kind === 'synced')).toBe(true);
			expect(b.log.some((e) => e.kind === 'synced')).toBe(true);
		});
		expect(a.sync?.stats.failedExchanges).toBe(0);

		// Gossip once each knows the other is on the room topic.
		const peerB = (b.node as BrowserNode).peerId.toString();
		await eventually(() => expect(a.sync?.topicPeers().map(String)).toContain(peerB));
		const idA = boardA.add({ ...TEXT_ELEMENT, text: 'live from A' });
		await eventually(() => expect(boardB.get(idA)?.type).toBe('text'));
		expect(b.sync?.stats.received).toBeGreaterThan(0);
		expect(a.sync?.stats.published).toBeGreaterThan(0);

		// Presence travels on the same topic.
		const alice: PresenceState = {
			user: { name: 'Alice', color: '#1e66f5' },
			cursor: null,
			draft: null,
			committed: null,
			laser: null,
			view: null,
			following: null
		};
		a.awareness.setLocalState(alice);
		await eventually(() =>
			expect(b.awareness.getStates().get(a.awareness.clientID)).toEqual(alice)
		);
		// A leaving says goodbye.
		await a.stop();
		await eventually(() => expect(b.awareness.getStates().has(a.awareness.clientID)).toBe(false));
	});

	it('rejects and counts gossip from a peer without the room key', async () => {
		const s = session(randomRoomKey());
		await s.start();
		const intruder = await createTcpNode();
		extraNodes.push(intruder);
		await connect(intruder, s.node as BrowserNode);
		intruder.services.pubsub.subscribe(s.topic);
		const peer = (s.node as BrowserNode).peerId;
		await eventually(() =>
			expect(intruder.services.pubsub.getSubscribers(s.topic)).toContainEqual(peer)
		);
		await intruder.services.pubsub.publish(s.topic, new Uint8Array(64).fill(1));
		await eventually(() => expect(s.sync?.stats.rejectedByReason).toEqual({ signature: 1 }));
		expect(s.log.at(-1)).toMatchObject({ kind: 'rejected', peer: intruder.peerId.toString() });
		expect(s.doc.getMap('elements').size).toBe(0);
	});
});
