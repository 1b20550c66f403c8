import { describe, expect, it, vi } from 'vitest';
import { DIAL_MAX_MS, FALLBACK_DIAL_DELAY_MS, RETRY_DELAYS_MS } from '../../src/lib/p2p/constants';
import { RoomDialer, type DialerNode } from '../../src/lib/p2p/dialer';
import { advance, useDialerWorld } from './support/dialer-world';
import { FakeStream } from './support/fake-node';

const w = useDialerWorld();

describe('RoomDialer', () => {
	it('does nothing until started, then considers the records heard so far', async () => {
		w.discovery.hear(w.record(w.high));
		w.dialer = new RoomDialer({
			node: w.node as unknown as DialerNode,
			discovery: w.discovery,
			onEvent: (e) => w.events.push(e)
		});
		await advance(FALLBACK_DIAL_DELAY_MS);
		expect(w.node.dials).toHaveLength(0);
		w.dialer.start();
		expect(w.node.dials).toHaveLength(1);
	});

	it('dials a peer with a larger id at once, and reports the direct connection', async () => {
		w.start();
		w.discovery.hear(w.record(w.high, [w.circuitAddr(w.high), w.webrtcAddr(w.high)]));
		const dial = w.current();
		expect((dial.target as unknown[]).map(String)).toEqual([w.webrtcAddr(w.high)]);
		expect(w.events).toEqual([
			{ kind: 'discovered', peer: w.high.toString() },
			{ kind: 'dialing', peer: w.high.toString(), detail: w.webrtcAddr(w.high) }
		]);
		await advance(250);
		dial.succeed(w.high);
		await advance();
		expect(w.node.pings.map(String)).toEqual([w.high.toString()]);
		expect(w.events.at(-1)).toEqual({
			kind: 'direct',
			peer: w.high.toString(),
			detail: 'in 250 ms, rtt 7 ms'
		});
		await advance(60_000);
		expect(w.node.dials).toHaveLength(1);
	});

	it('waits for a peer with a smaller id to dial, and dials only if it has not', async () => {
		w.start();
		w.discovery.hear(w.record(w.low));
		expect(w.events).toEqual([{ kind: 'discovered', peer: w.low.toString() }]);
		await advance(FALLBACK_DIAL_DELAY_MS - 1);
		expect(w.node.dials).toHaveLength(0);
		await advance(1);
		expect(String(w.current().target)).toBe(w.webrtcAddr(w.low));
		w.current().succeed(w.low);
		await advance();

		// A peer that does dial us in time is not dialled.
		w.discovery.hear(w.record(w.low2));
		await advance(1_000);
		w.node.addConnection(w.low2, 'inbound');
		expect(w.events.at(-1)).toEqual({
			kind: 'direct',
			peer: w.low2.toString(),
			detail: 'accepted'
		});
		await advance(FALLBACK_DIAL_DELAY_MS);
		expect(w.node.dials).toHaveLength(1);
	});

	it('waits on while the peer that was to dial us is still signalling with us', async () => {
		w.start();
		w.discovery.hear(w.record(w.low));
		// Its dial has opened a relayed connection and the signalling stream to us, and is slow.
		const relayed = w.node.addConnection(w.low, 'inbound', { bytes: 131072n, seconds: 120 });
		const signalling = new FakeStream('/webrtc-signaling/0.0.1', 'inbound');
		relayed.streams.push(signalling);
		await advance(3 * FALLBACK_DIAL_DELAY_MS);
		expect(w.node.dials).toHaveLength(0);
		// Its dial gave up (the stream closed): ours goes at the next check.
		relayed.streams.splice(0);
		await advance(FALLBACK_DIAL_DELAY_MS);
		expect(w.node.dials).toHaveLength(1);

		// A signalling stream that never closes does not hold our dial back for good.
		w.discovery.hear(w.record(w.low2));
		const stuck = w.node.addConnection(w.low2, 'inbound', { bytes: 131072n, seconds: 120 });
		stuck.streams.push(new FakeStream('/webrtc-signaling/0.0.1', 'inbound'));
		await advance(DIAL_MAX_MS + FALLBACK_DIAL_DELAY_MS);
		expect(w.node.dials.map((d) => String(d.target))).toContain(w.webrtcAddr(w.low2));
	});

	it('ignores a record without a WebRTC address and dials a later one that has it', async () => {
		w.start();
		w.discovery.hear(w.record(w.high, [w.circuitAddr(w.high)]));
		await advance(FALLBACK_DIAL_DELAY_MS);
		expect(w.node.dials).toHaveLength(0);
		expect(w.events).toEqual([]);
		w.discovery.hear(w.record(w.high));
		expect(String(w.current().target)).toBe(w.webrtcAddr(w.high));
	});

	it('dials a peer once at a time however many records arrive, and retries its latest addresses', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		w.discovery.hear(w.record(w.high));
		const moved = w.webrtcAddr(w.high).replace('9090', '9443');
		w.discovery.hear(w.record(w.high, [moved]));
		expect(w.node.dials).toHaveLength(1);
		expect(w.events.filter((e) => e.kind === 'discovered')).toHaveLength(1);
		w.current().fail(new Error('boom'));
		await advance(RETRY_DELAYS_MS[0]);
		w.discovery.hear(w.record(w.high)); // while the retry is in flight
		expect(w.node.dials).toHaveLength(2);
		expect(String(w.node.dials[1]!.target)).toBe(moved);
	});

	it('does not retry nor dial a peer that is directly connected', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		w.current().fail(new Error('boom'));
		await advance();
		w.node.addConnection(w.high, 'inbound');
		await advance(RETRY_DELAYS_MS[0]);
		expect(w.node.dials).toHaveLength(1);
		const seen = w.events.length;
		w.discovery.hear(w.record(w.high));
		await advance(FALLBACK_DIAL_DELAY_MS);
		expect(w.node.dials).toHaveLength(1);
		expect(w.events).toHaveLength(seen);
	});

	it('does not count a relayed connection as direct', async () => {
		w.node.addConnection(w.high, 'outbound', { bytes: 1n << 17n, seconds: 120 });
		w.start();
		expect(w.dialer!.hasDirectConnection(w.high)).toBe(false);
		w.discovery.hear(w.record(w.high));
		expect(w.node.dials).toHaveLength(1);
	});

	it('stop() cancels waiting dials and the dial in flight, and reports nothing afterwards', async () => {
		w.start();
		w.discovery.hear(w.record(w.low)); // waiting for the fallback
		w.discovery.hear(w.record(w.high)); // dialling
		const dial = w.current();
		const seen = w.events.length;
		w.dialer!.stop();
		await advance();
		expect(dial.aborted).toBe(true);
		expect(vi.getTimerCount()).toBe(0);
		w.discovery.hear(w.record(w.high));
		w.node.addConnection(w.low, 'inbound');
		await advance(60_000);
		expect(w.node.dials).toHaveLength(1);
		expect(w.events).toHaveLength(seen);
	});

	it('stop() during the round trip reports nothing and schedules no retry', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		let release!: () => void;
		w.node.services.ping.ping = () =>
			new Promise<number>((resolve) => (release = () => resolve(5)));
		w.current().succeed(w.high);
		await advance();
		const seen = w.events.length;
		w.dialer!.stop();
		release();
		await advance(60_000);
		expect(w.events).toHaveLength(seen);
		expect(w.node.dials).toHaveLength(1);
	});

	it('stop() while an unusable connection closes schedules no retry', async () => {
		w.node.pingResult = new Error('stream reset');
		w.start();
		w.discovery.hear(w.record(w.high));
		const connection = w.current().succeed(w.high);
		let closed!: () => void;
		connection.close = () => new Promise<void>((resolve) => (closed = resolve));
		await advance();
		w.dialer!.stop();
		closed();
		await advance();
		expect(vi.getTimerCount()).toBe(0);
		await advance(60_000);
		expect(w.node.dials).toHaveLength(1);
	});
});
