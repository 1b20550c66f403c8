/**
 * Reads of the relay's board store over plain HTTP on its WebSocket port: the real relay
 * (relay-server.ts) with a real SQLite store, written to over libp2p, read with fetch. The answer
 * is what a libp2p read gets; bad requests get a clear refusal and are counted; the port still
 * speaks libp2p over WebSockets.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { multiaddr } from '@multiformats/multiaddr';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardStore } from '../../relay/board-store.ts';
import { Board } from '../../src/lib/board/board.ts';
import { ELEMENTS_KEY } from '../../src/lib/board/schema.ts';
import { randomRoomKey, RoomKey } from '../../src/lib/crypto/room-key.ts';
import { RoomSession } from '../../src/lib/room/room-session.ts';
import { CopyCipher } from '../../src/lib/store/copy-codec.ts';
import { copyReadUrl, fetchCopy, relayHttpOrigin } from '../../src/lib/store/copy-http.ts';
import { prefetchRoom, takeRoomPrefetch } from '../../src/lib/room/room-prefetch.ts';
import { StoreRefusedError } from '../../src/lib/store/copy-read.ts';
import { StoreClient } from '../../src/lib/store/store-client.ts';
import { decodeAnswer, unframeMessages } from '../../src/lib/store/store-wire.ts';
import { startTestRelay, type TestRelay } from './support/relay-server.ts';
import { newRoomKey, TEST_LIMITS } from './support/store-world.ts';
import { TEXT_ELEMENT } from './support/elements.ts';
import { createTcpNode } from './support/tcp-node.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const options = () => ({ signal: AbortSignal.timeout(5000) });

async function relayWithStore(
	extraArgs: string[] = []
): Promise<{ relay: TestRelay; origin: string }> {
	const store = BoardStore.open(mkdtempSync(join(tmpdir(), 'store-http-')), TEST_LIMITS);
	const relay = await startTestRelay(extraArgs, store);
	cleanups.push(async () => {
		await relay.stop();
		store.close();
	});
	const ws = relay.node.getMultiaddrs().find((ma) => ma.toString().includes('/ws'));
	const origin = ws == null ? null : relayHttpOrigin(ws);
	if (origin == null) throw new Error('the relay has no WebSocket address');
	return { relay, origin };
}

async function writer(relay: TestRelay) {
	const node = await createTcpNode();
	cleanups.push(async () => {
		await node.stop();
	});
	await node.dial(relay.tcp);
	const key = await newRoomKey();
	return { key, client: new StoreClient(node, key.topicId, key.signer) };
}

describe('store reads over HTTP', () => {
	it('answers with what a libp2p read gets, and the relay peer id', async () => {
		const { relay, origin } = await relayWithStore();
		const { key, client } = await writer(relay);
		const peer = relay.node.peerId;
		for (const data of [[1, 2, 3], [4, 5], [6]]) {
			await client.append(peer, new Uint8Array(data), options());
		}
		const overLibp2p = await client.read(peer, 1, 0, options());
		const overHttp = await fetchCopy(copyReadUrl(origin, key.topicId, 1), options().signal);
		expect(overHttp.relay).toBe(peer.toString());
		expect(overHttp.read).toEqual(overLibp2p);
		expect(overHttp.read.entries.map((e) => [...e.data])).toEqual([[4, 5], [6]]);
		expect(relay.storeService?.stats.httpReads).toBe(1);

		const response = await fetch(copyReadUrl(origin, key.topicId));
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
		expect(response.headers.get('cache-control')).toBe('no-store');
		// The page reads both from another origin: whose copy it is, and how large (room-prefetch.ts).
		const exposed = response.headers.get('access-control-expose-headers')?.split(/,\s*/);
		expect(exposed).toEqual(expect.arrayContaining(['libp2p-peer-id', 'content-length']));
		expect(Number(response.headers.get('content-length'))).toBe(
			(await response.arrayBuffer()).byteLength
		);
	});

	it('reads an unknown board as empty', async () => {
		const { origin } = await relayWithStore();
		const { read } = await fetchCopy(copyReadUrl(origin, 'nobody-wrote-here'), options().signal);
		expect(read).toMatchObject({ seq: 0, snapshot: null, entries: [] });
	});

	it('refuses malformed reads clearly, counts them, and keeps serving', async () => {
		const { relay, origin } = await relayWithStore();
		for (const query of [
			'bad%20topic?since=0',
			'abcd?since=-1',
			'abcd?since=x',
			'abcd?generation=2'
		]) {
			const response = await fetch(`${origin}/whiteboard/store/1/${query}`);
			expect(response.status).toBe(400);
			const [answer] = unframeMessages(new Uint8Array(await response.arrayBuffer()));
			expect(decodeAnswer(answer!)).toMatchObject({ ok: false, code: 'malformed' });
		}
		expect(relay.storeService?.stats.refusedByCode).toEqual({ malformed: 4 });
		expect((await fetch(`${origin}/whiteboard/store/1/abcd`, { method: 'POST' })).status).toBe(405);
		// Anything else is libp2p's WebSocket listener's, as before.
		expect((await fetch(`${origin}/`)).status).toBe(400);
		const { read } = await fetchCopy(copyReadUrl(origin, 'abcd'), options().signal);
		expect(read.seq).toBe(0);
	});

	it('spends the per-address budget and says so', async () => {
		const { relay, origin } = await relayWithStore(['--store-ip-rate', '2']);
		const url = copyReadUrl(origin, 'abcd');
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await fetch(url)).status);
		expect(statuses).toEqual([200, 200, 429, 429]);
		const refused = await fetchCopy(url, options().signal).catch((err: unknown) => err);
		expect(refused).toBeInstanceOf(StoreRefusedError);
		expect((refused as StoreRefusedError).code).toBe('rate-limited');
		expect(relay.storeService?.stats.refusedByCode['rate-limited']).toBe(3);
	});

	it('is not served by a relay without a store', async () => {
		const relay = await startTestRelay();
		cleanups.push(() => relay.stop());
		const ws = relay.node.getMultiaddrs().find((ma) => ma.toString().includes('/ws'))!;
		const failure = await fetchCopy(
			copyReadUrl(relayHttpOrigin(ws)!, 'abcd'),
			options().signal
		).catch((err: unknown) => err as Error);
		expect(String(failure)).toMatch(/does not serve its copy over HTTP/);
	});
});

describe('prefetchRoom', () => {
	it('derives the key and reads the copy of the first WebSocket relay, once per fragment', async () => {
		const { relay } = await relayWithStore();
		const ws = relay.node.getMultiaddrs().find((ma) => ma.toString().includes('/ws'))!;
		const fragment = randomRoomKey();
		prefetchRoom(fragment, [relay.tcp, ws]);
		expect(takeRoomPrefetch(randomRoomKey())).toBeNull();
		const prefetch = takeRoomPrefetch(fragment);
		expect(takeRoomPrefetch(fragment)).toBeNull();
		const copy = await prefetch!.copy;
		expect(copy.relay).toBe(relay.node.peerId.toString());
		expect((await copy.read).seq).toBe(0);
		expect(await copy.next()).toEqual({ snapshot: null, entries: [] });
		expect(await copy.next()).toBeNull();
		expect((await prefetch!.key).topicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});

	it('is applied by the room session before its node starts, and on a first visit before its store opens', async () => {
		const { relay } = await relayWithStore();
		const ws = relay.node.getMultiaddrs().find((ma) => ma.toString().includes('/ws'))!;
		const fragment = randomRoomKey();
		const key = await RoomKey.fromFragment(fragment);
		const node = await createTcpNode();
		cleanups.push(async () => {
			await node.stop();
		});
		await node.dial(relay.tcp);
		const board = new Board(new Y.Doc());
		board.add(TEXT_ELEMENT);
		const sealed = await new CopyCipher(key.store, key.topicId).sealEntry(
			Y.encodeStateAsUpdate(board.doc)
		);
		await new StoreClient(node, key.topicId, key.signer).append(
			relay.node.peerId,
			sealed,
			options()
		);

		// Loaded already, as the page's network code often is by the time its copy arrives.
		await import('../../src/lib/room/room-network.ts');
		prefetchRoom(fragment, [ws]);
		let elementsAtNodeStart = -1;
		let elementsAtStoreOpen = -1;
		const config = {
			relays: [],
			iceServers: [],
			allowPrivateAddresses: true,
			allowInsecureWebSockets: true
		};
		const session: RoomSession = new RoomSession('room-test', fragment, config, {
			createNode: (_config, discovery, privateKey) => {
				elementsAtNodeStart = session.doc.getMap(ELEMENTS_KEY).size;
				return createTcpNode({ privateKey, discovery });
			},
			openStore: async (_roomId, doc) => {
				elementsAtStoreOpen = doc.getMap(ELEMENTS_KEY).size;
				return { destroy: async () => {} };
			},
			// A first visit: the store opens once the copy is applied (no update listener meanwhile).
			mayHaveStore: async () => false
		});
		cleanups.push(() => session.stop());
		const loaded = new Promise((resolve) => session.addEventListener('loaded', resolve));
		await session.start();
		expect(elementsAtNodeStart).toBe(1);
		await loaded;
		expect(elementsAtStoreOpen).toBe(1);
	});

	it('refuses an answer from another relay than the multiaddr names, and needs a WebSocket one', async () => {
		const { relay } = await relayWithStore();
		const port = relay.node.getMultiaddrs().find((ma) => ma.toString().includes('/ws'))!;
		const other = await startTestRelay();
		cleanups.push(() => other.stop());
		const named = multiaddr(`${port.decapsulateCode(421).toString()}/p2p/${other.node.peerId}`);
		const wrong = prefetchRoom(randomRoomKey(), [named]).copy;
		await expect(wrong).rejects.toThrow(/is 12D3.*, not 12D3/);
		await expect(prefetchRoom(randomRoomKey(), [relay.tcp]).copy).rejects.toThrow(
			/no relay with a WebSocket address/
		);
	});
});

describe('relayHttpOrigin', () => {
	it('maps WebSocket multiaddrs to the origin of the same port', () => {
		const cases: Array<[string, string | null]> = [
			['/ip4/127.0.0.1/tcp/9090/ws', 'http://127.0.0.1:9090'],
			[
				'/ip4/127.0.0.1/tcp/9090/ws/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN',
				'http://127.0.0.1:9090'
			],
			['/dns4/relay.example.org/tcp/443/tls/ws', 'https://relay.example.org:443'],
			['/dns/relay.example.org/tcp/443/wss', 'https://relay.example.org:443'],
			['/ip6/::1/tcp/9090/ws', 'http://[::1]:9090'],
			['/ip4/127.0.0.1/tcp/9092', null],
			['/ip4/127.0.0.1/udp/9091/webrtc-direct', null]
		];
		for (const [addr, origin] of cases) expect(relayHttpOrigin(multiaddr(addr))).toBe(origin);
	});
});
