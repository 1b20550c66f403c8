import { describe, expect, it, vi } from 'vitest';
import { DIAL_TIMEOUTS_MS, RETRY_DELAYS_MS, STALL_AFTER_ICE_MS } from '../../src/lib/p2p/constants';
import type { FakeDial } from './support/fake-node';
import { advance, useDialerWorld } from './support/dialer-world';

const w = useDialerWorld();

/** Lets `dial` hang until its timeout, then returns how long until the next dial starts. */
async function timeOutAndTimeRedial(dial: FakeDial, timeoutMs: number): Promise<number> {
	await advance(timeoutMs - 1);
	expect(dial.aborted).toBe(false);
	await advance(1);
	expect(dial.aborted).toBe(true);
	const before = w.node.dials.length;
	let waited = 0;
	while (w.node.dials.length === before && waited < 60_000) {
		await advance(100);
		waited += 100;
	}
	return waited;
}

describe('RoomDialer retries', () => {
	it('gives up a first dial that stalls after its first ICE candidate and retries at once', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		const first = w.current();
		first.progress('webrtc:dial');
		await advance(1_000); // no ICE candidate yet: no stall limit running
		first.progress('webrtc:add-ice-candidate');
		first.progress('webrtc:add-ice-candidate');
		await advance(STALL_AFTER_ICE_MS - 1);
		expect(first.aborted).toBe(false);
		await advance(1);
		expect(first.aborted).toBe(true);
		await advance(1); // the retry is a 0 ms timer (which fake timers run 1 ms later)
		expect(w.events.at(-2)).toEqual({
			kind: 'dial-failed',
			peer: w.high.toString(),
			detail: `WebRTC dial: no connection ${STALL_AFTER_ICE_MS} ms after ICE, retrying now`
		});
		expect(w.events.at(-1)?.kind).toBe('dialing');

		// The retry has no stall limit, only its own dial timeout.
		const retry = w.current();
		retry.progress('webrtc:add-ice-candidate');
		await advance(DIAL_TIMEOUTS_MS[1]! - 1);
		expect(retry.aborted).toBe(false);
		await advance(1);
		expect(retry.aborted).toBe(true);
	});

	it('retries a failing dial after each delay with each attempt its own timeout, then gives up', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		const waits: number[] = [];
		for (let attempt = 0; attempt < DIAL_TIMEOUTS_MS.length - 1; attempt++) {
			waits.push(await timeOutAndTimeRedial(w.current(), DIAL_TIMEOUTS_MS[attempt]!));
		}
		expect(waits).toEqual(RETRY_DELAYS_MS);
		const last = w.current();
		await advance(DIAL_TIMEOUTS_MS.at(-1)! - 1);
		expect(last.aborted).toBe(false);
		await advance(1);
		expect(last.aborted).toBe(true);
		await advance(120_000);
		expect(w.node.dials).toHaveLength(DIAL_TIMEOUTS_MS.length);
		expect(vi.getTimerCount()).toBe(0);
		expect(w.events.at(-1)).toEqual({
			kind: 'dial-failed',
			peer: w.high.toString(),
			detail: 'WebRTC dial: signal timed out'
		});
	});

	it('closes a connection whose round trip fails and dials again', async () => {
		w.node.pingResult = new Error('stream reset');
		w.start();
		w.discovery.hear(w.record(w.high));
		const connection = w.current().succeed(w.high);
		await advance();
		expect(connection.closed).toBe(1);
		expect(w.events.at(-1)).toEqual({
			kind: 'dial-failed',
			peer: w.high.toString(),
			detail: 'round trip over the new connection: stream reset'
		});
		w.node.pingResult = 3;
		await advance(RETRY_DELAYS_MS[0]! - 1);
		expect(w.node.dials).toHaveLength(1);
		await advance(1);
		w.current().succeed(w.high);
		await advance();
		expect(w.events.at(-1)).toMatchObject({
			kind: 'direct',
			detail: expect.stringMatching(/rtt 3 ms$/)
		});
	});
});
