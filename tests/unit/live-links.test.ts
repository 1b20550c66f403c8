import { defaultLogger } from '@libp2p/logger';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrowserNode } from '../../src/lib/p2p/node.ts';
import { LIVE_PROTOCOL } from '../../src/lib/sync/constants.ts';
import { LiveLinks } from '../../src/lib/sync/live-links.ts';
import { connect, createTcpNode } from './support/tcp-node.ts';

const eventually = <T>(check: () => T) => vi.waitFor(check, { timeout: 5_000, interval: 10 });

interface Received {
	frame: number[];
	from: string;
}

describe('LiveLinks between real libp2p nodes (TCP)', () => {
	const nodes: BrowserNode[] = [];
	const links: LiveLinks[] = [];
	afterEach(async () => {
		await Promise.all(links.splice(0).map((l) => l.stop()));
		await Promise.all(nodes.splice(0).map((n) => n.stop()));
	});

	/** A node with live links; frames whose first byte is 0xff are refused. */
	async function side(maxFrameBytes?: number) {
		const node = await createTcpNode();
		nodes.push(node);
		const received: Received[] = [];
		const live = new LiveLinks({
			node,
			onFrame: async (frame, from) => {
				received.push({ frame: [...frame], from });
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
		expect(b.received[0]).toEqual({ frame: [1, 2], from: a.id });
		expect(b.received[1]?.frame).toHaveLength(70_000);
		expect(a.received).toEqual([{ frame: [4], from: b.id }]);
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
		const outboundOf = () =>
			a.node
				.getConnections(b.node.peerId)
				.flatMap((c) => c.streams)
				.filter((s) => s.protocol === LIVE_PROTOCOL && s.direction === 'outbound');
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
		await eventually(() => expect(b.received.at(-1)).toEqual({ frame: [5], from: a.id }));
	});

	it('refuses a frame over the limit before reading it, and keeps serving others', async () => {
		const a = await side();
		const b = await side(1_000);
		const c = await side();
		await connect(a.node, b.node);
		await connect(c.node, b.node);
		await eventually(() => expect(b.live.peers().sort()).toEqual([a.id, c.id].sort()));
		// A length prefix that announces more than B takes: written by hand, as a hostile peer would.
		const [stream] = a.node
			.getConnections(b.node.peerId)
			.flatMap((conn) => conn.streams)
			.filter((s) => s.protocol === LIVE_PROTOCOL && s.direction === 'outbound');
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 5_000_000);
		stream?.send(encoding.toUint8Array(encoder));
		await eventually(() => expect(b.live.stats.refusedStreams).toBe(1));
		expect(b.received).toEqual([]);
		c.live.send(Uint8Array.of(6));
		await eventually(() => expect(b.received).toEqual([{ frame: [6], from: c.id }]));
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
});
