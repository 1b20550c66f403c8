import type { Connection, PeerId, StreamHandler, Topology } from '@libp2p/interface';
import { defaultLogger } from '@libp2p/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';
import type { BrowserNode } from '../../src/lib/p2p/node.ts';
import { SYNC_PROTOCOL } from '../../src/lib/sync/constants.ts';
import { SYNC_ORIGIN } from '../../src/lib/sync/remote-origins.ts';
import {
	SyncStream,
	type SyncStreamEvent,
	type SyncStreamNode
} from '../../src/lib/sync/sync-stream.ts';
import { newPeerId } from './support/fake-gossip.ts';
import { connect, createTcpNode } from './support/tcp-node.ts';

const key = await RoomKey.fromBytes(new Uint8Array(32).fill(8));
const logger = defaultLogger();

function withElement(doc: Y.Doc, id: string): Y.Doc {
	doc.getMap('elements').set(id, new Y.Map());
	return doc;
}

/** Resolves with the next event of `type` the sync stream reports. */
function nextEvent(events: SyncStreamEvent[], type: SyncStreamEvent['type']) {
	return vi.waitFor(
		() => {
			const event = events.find((e) => e.type === type);
			if (event == null) throw new Error(`no ${type} yet`);
			return event;
		},
		{ timeout: 5_000 }
	);
}

describe('SyncStream between real libp2p nodes (TCP)', () => {
	const nodes: BrowserNode[] = [];
	afterEach(async () => {
		await Promise.all(nodes.splice(0).map((n) => n.stop()));
	});

	async function side() {
		const node = await createTcpNode();
		nodes.push(node);
		const doc = new Y.Doc();
		const events: SyncStreamEvent[] = [];
		const stream = new SyncStream({
			node,
			doc,
			cipher: key.sync,
			writeKey: key,
			logger,
			onEvent: (e) => events.push(e),
			chunkBytes: 64
		});
		await stream.start();
		return { node, doc, stream, events };
	}

	it('exchanges on a new direct connection: the dialler asks, the other answers', async () => {
		const [a, b] = [await side(), await side()];
		withElement(a.doc, 'from-a');
		for (let i = 0; i < 20; i++) withElement(b.doc, `from-b-${i}`); // several pieces of 64 B
		let origin: unknown;
		a.doc.on('update', (_u: Uint8Array, o: unknown) => (origin = o));
		await connect(a.node, b.node);
		const [fromA, fromB] = await Promise.all([
			nextEvent(a.events, 'exchange'),
			nextEvent(b.events, 'exchange')
		]);
		expect(a.doc.getMap('elements').size).toBe(21);
		expect(b.doc.getMap('elements').size).toBe(21);
		expect(origin).toBe(SYNC_ORIGIN);
		expect(fromA).toMatchObject({ peer: b.node.peerId.toString() });
		expect(fromB).toMatchObject({ peer: a.node.peerId.toString() });
		// One exchange, opened by the dialler: each side counts it once.
		expect(a.stream.stats).toEqual({ exchanges: 1, failedExchanges: 0 });
		expect(b.stream.stats).toEqual({ exchanges: 1, failedExchanges: 0 });
		await a.stream.stop();
		await b.stream.stop();
	});

	it('resyncAll runs the exchange again with every directly connected peer', async () => {
		const [a, b] = [await side(), await side()];
		await connect(a.node, b.node);
		await nextEvent(b.events, 'exchange');
		withElement(a.doc, 'drawn-offline');
		await b.stream.resyncAll(); // b asks this time: a's new element comes back with the answer
		expect(b.doc.getMap('elements').has('drawn-offline')).toBe(true);
		expect(b.stream.stats.exchanges).toBe(2);
		await a.stream.stop();
		await b.stream.stop();
	});

	it('stop unregisters the protocol: a new connection runs no exchange', async () => {
		const [a, b] = [await side(), await side()];
		await a.stream.stop();
		await b.stream.stop();
		expect(a.node.getProtocols()).not.toContain(SYNC_PROTOCOL);
		withElement(b.doc, 'b');
		await connect(a.node, b.node);
		const peer = await a.node.peerStore.get(b.node.peerId);
		expect(peer.protocols).not.toContain(SYNC_PROTOCOL);
		expect(a.doc.getMap('elements').size).toBe(0);
		expect(a.events).toEqual([]);
	});
});

/** Just the registrar and connection list of a node: which connections get an exchange. */
class FakeSyncNode {
	readonly handlers = new Map<string, StreamHandler>();
	readonly topologies = new Map<string, Topology>();
	connections: Connection[] = [];
	readonly peerStore = { get: async () => ({ protocols: [SYNC_PROTOCOL] }) };
	#ids = 0;

	async handle(protocol: string, handler: StreamHandler): Promise<void> {
		this.handlers.set(protocol, handler);
	}
	async unhandle(protocol: string): Promise<void> {
		this.handlers.delete(protocol);
	}
	async register(_protocol: string, topology: Topology): Promise<string> {
		const id = `t${this.#ids++}`;
		this.topologies.set(id, topology);
		return id;
	}
	unregister(id: string): void {
		this.topologies.delete(id);
	}
	getConnections(): Connection[] {
		return this.connections;
	}
	connect(connection: Connection): void {
		this.connections.push(connection);
		for (const t of this.topologies.values()) t.onConnect?.(connection.remotePeer, connection);
	}
	asNode(): SyncStreamNode {
		return this as unknown as SyncStreamNode;
	}
}

/** A connection whose streams open when (and how) the test says. */
function connection(peer: PeerId, init: Partial<Connection> = {}) {
	const opens: Array<{ resolve: (s: unknown) => void; reject: (e: Error) => void }> = [];
	const newStream = vi.fn(
		(_protocol: string, _options: { signal: AbortSignal }): Promise<unknown> =>
			new Promise((resolve, reject) => opens.push({ resolve, reject }))
	);
	const conn = {
		remotePeer: peer,
		direction: 'outbound',
		status: 'open',
		limits: undefined,
		newStream,
		...init
	} as unknown as Connection;
	return { conn, newStream, opens };
}

describe('SyncStream decisions', () => {
	function setup(timeoutMs?: number) {
		const node = new FakeSyncNode();
		const events: SyncStreamEvent[] = [];
		const stream = new SyncStream({
			node: node.asNode(),
			doc: new Y.Doc(),
			cipher: key.sync,
			writeKey: key,
			logger,
			onEvent: (e) => events.push(e),
			timeoutMs
		});
		return { node, stream, events };
	}

	it('does nothing before start; start registers the protocol and the topology', async () => {
		const { node, stream } = setup();
		expect(node.handlers.size + node.topologies.size).toBe(0);
		await stream.start();
		expect([...node.handlers.keys()]).toEqual([SYNC_PROTOCOL]);
		expect(node.topologies.size).toBe(1);
		await stream.stop();
		expect(node.handlers.size + node.topologies.size).toBe(0);
	});

	it('starts an exchange only on outbound, direct, open connections', async () => {
		const { node, stream } = setup();
		await stream.start();
		const inbound = connection(await newPeerId(), { direction: 'inbound' });
		const relayed = connection(await newPeerId(), { limits: { bytes: 131072n } });
		const closing = connection(await newPeerId(), { status: 'closing' });
		const direct = connection(await newPeerId());
		for (const c of [inbound, relayed, closing, direct]) node.connect(c.conn);
		expect(inbound.newStream).not.toHaveBeenCalled();
		expect(relayed.newStream).not.toHaveBeenCalled();
		expect(closing.newStream).not.toHaveBeenCalled();
		expect(direct.newStream).toHaveBeenCalledWith(SYNC_PROTOCOL, expect.anything());
		await stream.stop();
	});

	it('runs one exchange per peer at a time; a failed one is counted and reported', async () => {
		const { node, stream, events } = setup();
		await stream.start();
		const peer = await newPeerId();
		const first = connection(peer);
		const relayed = connection(await newPeerId(), { limits: { bytes: 1n } });
		node.connections.push(first.conn, relayed.conn);
		const running = stream.syncWith(first.conn);
		await stream.syncWith(first.conn); // returns at once: one is running
		await stream.resyncAll(); // skips the busy peer and the relayed connection
		expect(first.newStream).toHaveBeenCalledTimes(1);
		expect(relayed.newStream).not.toHaveBeenCalled();
		first.opens[0]?.reject(new Error('protocol selection failed'));
		await running;
		expect(stream.stats).toEqual({ exchanges: 0, failedExchanges: 1 });
		expect(events).toEqual([
			{ type: 'exchange-failed', peer: peer.toString(), error: 'protocol selection failed' }
		]);
		// Once it has ended, the peer can be synced again.
		const retry = stream.syncWith(first.conn);
		expect(first.newStream).toHaveBeenCalledTimes(2);
		first.opens[1]?.reject(new Error('again'));
		await retry;
		expect(stream.stats.failedExchanges).toBe(2);
		await stream.stop();
	});

	it('aborts running exchanges on stop without counting them as failures', async () => {
		const { stream, events } = setup();
		await stream.start();
		const c = connection(await newPeerId());
		let signal: AbortSignal | undefined;
		c.newStream.mockImplementation((_protocol: string, options: { signal: AbortSignal }) => {
			signal = options.signal;
			return new Promise((_resolve, reject) =>
				options.signal.addEventListener('abort', () => reject(new Error('aborted')))
			);
		});
		const running = stream.syncWith(c.conn);
		await stream.stop();
		await running;
		expect(signal?.aborted).toBe(true);
		expect(stream.stats.failedExchanges).toBe(0);
		expect(events).toEqual([]);
		// Stopped: nothing starts any more.
		await stream.syncWith(c.conn);
		expect(c.newStream).toHaveBeenCalledTimes(1);
	});

	it('times out an exchange that does not finish', async () => {
		const { stream, events } = setup(50); // AbortSignal.timeout runs on real time
		await stream.start();
		const c = connection(await newPeerId());
		c.newStream.mockImplementation(
			(_protocol: string, options: { signal: AbortSignal }) =>
				new Promise((_resolve, reject) =>
					options.signal.addEventListener('abort', () => reject(options.signal.reason))
				)
		);
		const started = performance.now();
		await stream.syncWith(c.conn);
		expect(performance.now() - started).toBeGreaterThanOrEqual(45);
		expect(events).toMatchObject([
			{ type: 'exchange-failed', error: expect.stringMatching(/time/i) }
		]);
		await stream.stop();
	});

	it('stop while starting leaves nothing registered', async () => {
		const { node, stream } = setup();
		const starting = stream.start();
		await stream.stop();
		await starting;
		expect(node.handlers.size + node.topologies.size).toBe(0);
	});
});
