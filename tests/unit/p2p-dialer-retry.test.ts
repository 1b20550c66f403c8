import { describe, expect, it, vi } from 'vitest';
import {
	DIAL_IDLE_TIMEOUTS_MS,
	DIAL_MAX_MS,
	RETRY_DELAYS_MS,
	STALL_GRACE_MS
} from '../../src/lib/p2p/constants';
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
	it('gives up a first dial stalled after the listener connected, and retries at once', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		const first = w.current();
		const signalling = first.signalling(w.high);
		first.progress('webrtc:send-sdp-offer');
		first.progress('webrtc:read-ice-candidates');
		// However long ICE takes, the dial is not stalled while the listener is still at it.
		await advance(2_000);
		expect(first.aborted).toBe(false);
		// The listener is connected (it closed its end) and the dial does not get past `init`.
		signalling.remoteClose();
		await advance(STALL_GRACE_MS - 1);
		expect(first.aborted).toBe(false);
		await advance(1);
		expect(first.aborted).toBe(true);
		await advance(1); // the retry is a 0 ms timer (which fake timers run 1 ms later)
		expect(w.events.at(-2)).toEqual({
			kind: 'dial-failed',
			peer: w.high.toString(),
			detail: 'WebRTC dial: stalled after the peer connected, retrying now'
		});
		expect(w.events.at(-1)?.kind).toBe('dialing');

		// The retry has no stall watch, only its own dial timeout.
		const retry = w.current();
		retry.signalling(w.high).remoteClose();
		retry.progress('webrtc:read-ice-candidates');
		await advance(DIAL_IDLE_TIMEOUTS_MS[1]! - 1);
		expect(retry.aborted).toBe(false);
		await advance(1);
		expect(retry.aborted).toBe(true);
	});

	it('also counts a listener that closed its end before we read its candidates', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		const first = w.current();
		// An old listener connected so fast that its close arrived with the answer.
		first.signalling(w.high).remoteClose();
		first.progress('webrtc:read-ice-candidates');
		await advance(STALL_GRACE_MS - 1);
		expect(first.aborted).toBe(false);
		await advance(1);
		expect(first.aborted).toBe(true);
		await advance(1);
		expect(w.node.dials).toHaveLength(2);
	});

	it('leaves a dial alone that got past `init` before the listener closed (the hold)', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		const first = w.current();
		const signalling = first.signalling(w.high);
		first.progress('webrtc:read-ice-candidates');
		await advance(100);
		first.progress('webrtc:close-signaling-stream');
		signalling.remoteClose();
		await advance(DIAL_IDLE_TIMEOUTS_MS[0]! - 1);
		expect(first.aborted).toBe(false);
		await advance(1);
		expect(first.aborted).toBe(true);
		expect(w.events.at(-1)).toEqual({
			kind: 'dial-failed',
			peer: w.high.toString(),
			detail: 'WebRTC dial: no progress in 3 s'
		});
	});

	it('retries a failing dial after each delay with each attempt its own timeout, then gives up', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		const waits: number[] = [];
		for (let attempt = 0; attempt < DIAL_IDLE_TIMEOUTS_MS.length - 1; attempt++) {
			waits.push(await timeOutAndTimeRedial(w.current(), DIAL_IDLE_TIMEOUTS_MS[attempt]!));
		}
		expect(waits).toEqual(RETRY_DELAYS_MS);
		const last = w.current();
		await advance(DIAL_IDLE_TIMEOUTS_MS.at(-1)! - 1);
		expect(last.aborted).toBe(false);
		await advance(1);
		expect(last.aborted).toBe(true);
		await advance(120_000);
		expect(w.node.dials).toHaveLength(DIAL_IDLE_TIMEOUTS_MS.length);
		expect(vi.getTimerCount()).toBe(0);
		expect(w.events.at(-1)).toEqual({
			kind: 'dial-failed',
			peer: w.high.toString(),
			detail: `WebRTC dial: no progress in ${DIAL_IDLE_TIMEOUTS_MS.at(-1)! / 1000} s`
		});
	});

	// Measured on a loaded machine: each step of a dial took up to seconds, and a limit on the
	// whole dial ended them a step before they were done (bench room of 8).
	it('lets a slow dial go on while it makes progress, and gives it up once it goes silent', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		const first = w.current();
		const steps = [
			'webrtc:open-signaling-stream',
			'webrtc:send-sdp-offer',
			'webrtc:read-sdp-answer'
		];
		for (const step of steps) {
			await advance(DIAL_IDLE_TIMEOUTS_MS[0]! - 1);
			first.progress(step);
		}
		expect(first.aborted).toBe(false);
		await advance(DIAL_IDLE_TIMEOUTS_MS[0]! - 1);
		expect(first.aborted).toBe(false);
		await advance(1);
		expect(first.aborted).toBe(true);
		expect(w.events.at(-1)).toMatchObject({ detail: 'WebRTC dial: no progress in 3 s' });
	});

	it('gives the first ping a whole wait of its own once connected', async () => {
		w.node.pingResult = 'hang';
		w.start();
		w.discovery.hear(w.record(w.high));
		const dial = w.current();
		await advance(DIAL_IDLE_TIMEOUTS_MS[0]! - 1);
		dial.succeed(w.high);
		await advance(DIAL_IDLE_TIMEOUTS_MS[0]! - 1);
		expect(w.events.at(-1)?.kind).toBe('dialing');
		await advance(1);
		expect(w.events.at(-1)).toMatchObject({
			kind: 'dial-failed',
			detail: 'round trip over the new connection: no progress in 3 s'
		});
	});

	it('gives up a dial that keeps making progress after DIAL_MAX_MS', async () => {
		w.start();
		w.discovery.hear(w.record(w.high));
		const first = w.current();
		for (let t = 0; t < DIAL_MAX_MS - 1_000; t += 1_000) {
			await advance(1_000);
			first.progress('webrtc:add-ice-candidate');
		}
		expect(first.aborted).toBe(false);
		await advance(1_000);
		expect(first.aborted).toBe(true);
		expect(w.events.at(-1)).toMatchObject({
			detail: `WebRTC dial: not done in ${DIAL_MAX_MS / 1000} s`
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
