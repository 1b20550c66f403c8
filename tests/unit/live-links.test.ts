import { defaultLogger } from '@libp2p/logger';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';
import type { BrowserNode } from '../../src/lib/p2p/node.ts';
import { LIVE_PROTOCOL } from '../../src/lib/sync/constants.ts';
import { LiveHello, type LiveRole } from '../../src/lib/sync/live-hello.ts';
import { LiveLinks } from '../../src/lib/sync/live-links.ts';
import { connect, createTcpNode } from './support/tcp-node.ts';

const eventually = <T>(check: () => T) => vi.waitFor(check, { timeout: 5_000, interval: 10 });

const TOPIC = 'whiteboard/room/live-test';
const roomKey = await RoomKey.fromBytes(new Uint8Array(32).fill(5));
const viewKey = await RoomKey.fromFragment(roomKey.viewFragment());
const otherKey = await RoomKey.fromBytes(new Uint8Array(32).fill(6));

interface Received {
	frame: number[];
	from: string;
	role: LiveRole;
}

/** The outbound live streams of `node` to `peer`. */
const outboundLive = (node: BrowserNode, peer: BrowserNode) =>
	node
		.getConnections(peer.peerId)
		.flatMap((c) => c.streams)
		.filter((s) => s.protocol === LIVE_PROTOCOL && s.direction === 'outbound');

describe('LiveLinks between real libp2p nodes (TCP)', () => {
	const nodes: BrowserNode[] = [];
	const links: LiveLinks[] = [];
	afterEach(async () => {
		await Promise.all(links.splice(0).map((l) => l.stop()));
		await Promise.all(nodes.splice(0).map((n) => n.stop()));
	});

	/** A node with live links for `key`; frames whose first byte is 0xff are refused. */
	async function side(maxFrameBytes?: number, key: RoomKey = roomKey) {
		const node = await createTcpNode();
		nodes.push(node);
		const received: Received[] = [];
		const live = new LiveLinks({
			node,
			hello: new LiveHello(TOPIC, key.gossip, key),
			onFrame: async (frame, from, role) => {
				received.push({ frame: [...frame], from, role });
				return frame[0] !== 0xff;
			},
			logger: defaultLogger(),
			maxFrameBytes
		});
		links.push(live);
		await live.start();
		return { node, live, received, id: node.peerId.toString() };
	}

	async function pair() {
		const [a, b] = [await side(), await side()];
		await connect(a.node, b.node);
		await eventually(() => {
			expect(a.live.peers()).toEqual([b.id]);
			expect(b.live.peers()).toEqual([a.id]);
		});
		return { a, b };
	}

	it('opens one stream each way on a direct connection and carries frames in order', async () => {
		const { a, b } = await pair();
		expect(a.live.send(Uint8Array.of(1, 2))).toBe(true);
		expect(a.live.send(new Uint8Array(70_000).fill(3))).toBe(true); // spans several chunks
		expect(b.live.send(Uint8Array.of(4))).toBe(true);
		await eventually(() => expect(b.received).toHaveLength(2));
		await eventually(() => expect(a.received).toHaveLength(1));
		expect(b.received[0]).toEqual({ frame: [1, 2], from: a.id, role: 'writer' });
		expect(b.received[1]?.frame).toHaveLength(70_000);
		expect(a.received).toEqual([{ frame: [4], from: b.id, role: 'writer' }]);
		// One outbound stream each: each side wrote to one peer per frame.
		expect(a.live.stats.sent).toBe(2);
		expect(b.live.stats.received).toBe(2);
		const streams = a.node
			.getConnections(b.node.peerId)
			.flatMap((c) => c.streams)
			.filter((s) => s.protocol === LIVE_PROTOCOL);
		expect(streams.map((s) => s.direction).sort()).toEqual(['inbound', 'outbound']);
	});

	it('closes the link from a peer whose frame is refused; the sender opens a new one', async () => {
		const { a, b } = await pair();
		const outboundOf = () => outboundLive(a.node, b.node);
		const [first] = outboundOf();
		expect(first).toBeDefined();
		a.live.send(Uint8Array.of(0xff));
		await eventually(() => expect(b.live.stats.refusedStreams).toBe(1));
		// A's stream was reset under an open connection: A opens another and carries on.
		await eventually(() => {
			const outbound = outboundOf();
			expect(outbound).toHaveLength(1);
			expect(outbound[0]).not.toBe(first);
			expect(a.live.peers()).toEqual([b.id]);
		});
		a.live.send(Uint8Array.of(5));
		await eventually(() => expect(b.received.at(-1)).toMatchObject({ frame: [5], from: a.id }));
	});

	it('refuses a frame over the limit before reading it, and keeps serving others', async () => {
		const a = await side();
		const b = await side(1_000);
		const c = await side();
		await connect(a.node, b.node);
		await connect(c.node, b.node);
		await eventually(() => expect(b.live.peers().sort()).toEqual([a.id, c.id].sort()));
		// A length prefix that announces more than B takes: written by hand, as a hostile peer would.
		const [stream] = outboundLive(a.node, b.node);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 5_000_000);
		stream?.send(encoding.toUint8Array(encoder));
		await eventually(() => expect(b.live.stats.refusedStreams).toBe(1));
		expect(b.received).toEqual([]);
		c.live.send(Uint8Array.of(6));
		// Our own frames over the limit are not written at all: the caller sends them another way.
		expect(b.live.send(new Uint8Array(1_001))).toBe(false);
		expect(b.live.stats.sent).toBe(0);
		await eventually(() =>
			expect(b.received).toEqual([{ frame: [6], from: c.id, role: 'writer' }])
		);
	});

	it('drops a peer when its connection closes, and stops cleanly', async () => {
		const { a, b } = await pair();
		await a.node.hangUp(b.node.peerId);
		await eventually(() => {
			expect(a.live.peers()).toEqual([]);
			expect(b.live.peers()).toEqual([]);
		});
		// Nothing to write to: sending reaches nobody and fails for nobody.
		expect(a.live.send(Uint8Array.of(1))).toBe(true);
		expect(a.live.stats.sent).toBe(0);
		await a.live.stop();
		expect(a.node.getProtocols()).not.toContain(LIVE_PROTOCOL);
	});

	it('opens no link to a peer that does not speak the protocol', async () => {
		const a = await side();
		const plain = await createTcpNode();
		nodes.push(plain);
		await connect(a.node, plain);
		// Identify has told A the peer's protocols: no topology match, no stream.
		expect(a.live.peers()).toEqual([]);
		expect(a.node.getConnections(plain.peerId).flatMap((c) => c.streams)).not.toContainEqual(
			expect.objectContaining({ protocol: LIVE_PROTOCOL })
		);
	});

	it('sends nothing to a peer whose hello proves no room key, and reads nothing from it', async () => {
		const a = await side();
		const stranger = await side(undefined, otherKey);
		await connect(a.node, stranger.node);
		// Each refuses the other's hello: no link either way, though both streams were opened.
		await eventually(() => {
			expect(a.live.stats.refusedStreams).toBeGreaterThanOrEqual(1);
			expect(stranger.live.stats.refusedStreams).toBeGreaterThanOrEqual(1);
		});
		// Each opens a replacement for a reset stream a few times, then leaves the peer to gossip.
		await eventually(() => {
			expect(a.live.stats.refusedStreams).toBe(3);
			expect(stranger.live.stats.refusedStreams).toBe(3);
			expect(outboundLive(a.node, stranger.node)).toEqual([]);
		});
		expect(a.live.peers()).toEqual([]);
		a.live.send(Uint8Array.of(1));
		stranger.live.send(Uint8Array.of(2));
		expect(a.live.stats.sent).toBe(0);
		expect(a.received).toEqual([]);
		expect(stranger.received).toEqual([]);
	});

	it('takes a view-only link as a reader: it gets messages, and what it sends is marked', async () => {
		const a = await side();
		const viewer = await side(undefined, viewKey);
		await connect(a.node, viewer.node);
		await eventually(() => {
			expect(a.live.peers()).toEqual([viewer.id]);
			expect(viewer.live.peers()).toEqual([a.id]);
		});
		a.live.send(Uint8Array.of(1));
		viewer.live.send(Uint8Array.of(2));
		await eventually(() => {
			expect(viewer.received).toEqual([{ frame: [1], from: a.id, role: 'writer' }]);
			expect(a.received).toEqual([{ frame: [2], from: viewer.id, role: 'reader' }]);
		});
	});

	it('refuses a hello made for another pair of peers (replayed)', async () => {
		const [a, b] = [await side(), await side()];
		const hello = new LiveHello(TOPIC, roomKey.gossip, roomKey);
		const madeForB = await hello.make(a.id, b.id);
		expect(await hello.check(madeForB, b.id, a.id)).toBe('writer');
		// Shown to someone else, or claimed by someone else, or for another room: nothing.
		expect(await hello.check(madeForB, a.id, b.id)).toBeNull();
		expect(await hello.check(madeForB, 'someone-else', a.id)).toBeNull();
		const otherRoom = new LiveHello('whiteboard/room/other', roomKey.gossip, roomKey);
		expect(await otherRoom.check(madeForB, b.id, a.id)).toBeNull();
		expect(await hello.check(Uint8Array.of(1, 0, 64), b.id, a.id)).toBeNull();
	});
});
