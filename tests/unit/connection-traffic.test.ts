import type { Connection, Stream } from '@libp2p/interface';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionTraffic, transportBytes } from '../../src/lib/p2p/connection-traffic.ts';
import type { BrowserNode } from '../../src/lib/p2p/node.ts';
import { connect, createTcpNode } from './support/tcp-node.ts';

const PROTOCOL = '/test/bulk/1.0.0';
const PAYLOAD_BYTES = 100_000;

describe('ConnectionTraffic', () => {
	const nodes: BrowserNode[] = [];
	afterEach(async () => {
		await Promise.all(nodes.splice(0).map((n) => n.stop()));
	});

	it('counts the bytes in and out of each connection, on both sides', async () => {
		const [a, b] = await Promise.all([createTcpNode(), createTcpNode()]);
		nodes.push(a, b);
		const arrived = new Promise<number>((resolve) => {
			void b.handle(PROTOCOL, (stream: Stream) => {
				let bytes = 0;
				stream.addEventListener('message', (event) => {
					bytes += event.data.byteLength;
					if (bytes >= PAYLOAD_BYTES) resolve(bytes);
				});
			});
		});
		await connect(a, b);
		const [toB] = a.getConnections(b.peerId) as [Connection];
		const [fromA] = b.getConnections(a.peerId) as [Connection];
		const before = { a: a.services.traffic.bytesOf(toB)!, b: b.services.traffic.bytesOf(fromA)! };
		// Identify has already run both ways.
		expect(before.a.sent).toBeGreaterThan(0);
		expect(before.a.received).toBeGreaterThan(0);
		expect(before.b.received).toBeGreaterThan(0);

		const stream = await a.dialProtocol(b.peerId, PROTOCOL);
		for (let sent = 0; sent < PAYLOAD_BYTES; sent += 10_000) {
			if (!stream.send(new Uint8Array(10_000))) await stream.onDrain();
		}
		await arrived;
		const after = { a: a.services.traffic.bytesOf(toB)!, b: b.services.traffic.bytesOf(fromA)! };
		expect(after.a.sent - before.a.sent).toBeGreaterThanOrEqual(PAYLOAD_BYTES);
		expect(after.b.received - before.b.received).toBeGreaterThanOrEqual(PAYLOAD_BYTES);
		// The bulk went one way: what came back is a small fraction of it.
		expect(after.a.received - before.a.received).toBeLessThan(PAYLOAD_BYTES / 10);
	});

	it('knows nothing of a connection it never saw', () => {
		expect(new ConnectionTraffic().bytesOf({ timeline: { open: 0 } })).toBeUndefined();
	});

	it("reads a WebRTC connection's bytes from its transport statistics", () => {
		const report = new Map<string, object>([
			['T1', { type: 'transport', bytesSent: 1200, bytesReceived: 3400 }],
			['D1', { type: 'data-channel', bytesSent: 1000, bytesReceived: 3000 }],
			['C1', { type: 'candidate-pair', bytesSent: 9999, bytesReceived: 9999 }]
		]) as unknown as RTCStatsReport;
		expect(transportBytes(report)).toEqual({ sent: 1200, received: 3400 });
		const channelsOnly = new Map<string, object>([
			['D1', { type: 'data-channel', bytesSent: 10, bytesReceived: 20 }],
			['D2', { type: 'data-channel', bytesSent: 5, bytesReceived: 7 }]
		]) as unknown as RTCStatsReport;
		expect(transportBytes(channelsOnly)).toEqual({ sent: 15, received: 27 });
	});

	it('refreshes WebRTC counts from the peer connection, and keeps the last after it closes', async () => {
		const traffic = new ConnectionTraffic();
		const timeline = { open: Date.now() };
		let closed = false;
		const peerConnection = {
			getStats: async () => {
				if (closed) throw new Error('closed');
				return new Map([
					['T', { type: 'transport', bytesSent: 10, bytesReceived: 20 }]
				]) as unknown as RTCStatsReport;
			}
		};
		traffic.trackMultiaddrConnection({ timeline, peerConnection } as never);
		expect(traffic.bytesOf({ timeline })).toEqual({ sent: 0, received: 0 });
		await traffic.refresh();
		expect(traffic.bytesOf({ timeline })).toEqual({ sent: 10, received: 20 });
		closed = true;
		await traffic.refresh();
		expect(traffic.bytesOf({ timeline })).toEqual({ sent: 10, received: 20 });
	});
});
