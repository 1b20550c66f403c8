import type { PeerId } from '@libp2p/interface';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	RELAY_DIAL_TIMEOUT_MS,
	RELAY_RETRY_MAX_MS,
	RELAY_RETRY_MIN_MS
} from '../../src/lib/p2p/constants';
import type { NetworkEvent } from '../../src/lib/p2p/events';
import { RelayKeeper, type RelayKeeperNode } from '../../src/lib/p2p/relay-keeper';
import { FakeNode, newPeerId } from './support/fake-node';

type Event = Omit<NetworkEvent, 'at'>;

let node: FakeNode;
let relayIds: PeerId[];
let relays: Multiaddr[];
let events: Event[];
let online: EventTarget;
let keeper: RelayKeeper;

/** Lets pending promises run, and `ms` of fake time pass. */
const advance = async (ms = 0): Promise<void> => {
	await vi.advanceTimersByTimeAsync(ms);
};

beforeEach(async () => {
	node = new FakeNode(await newPeerId());
	relayIds = [await newPeerId(), await newPeerId()];
	relays = relayIds.map((id, i) => multiaddr(`/ip4/127.0.0.1/tcp/${9090 + i}/ws/p2p/${id}`));
	events = [];
	online = new EventTarget();
	vi.useFakeTimers();
});

afterEach(() => {
	keeper?.stop();
	vi.useRealTimers();
});

function startKeeper(which: Multiaddr[] = relays.slice(0, 1)): RelayKeeper {
	keeper = new RelayKeeper({
		node: node as unknown as RelayKeeperNode,
		relays: which,
		onEvent: (e) => events.push(e),
		online
	});
	keeper.start();
	return keeper;
}

/** Fails the one pending dial, then measures how long until the next dial starts. */
async function failAndTimeRedial(): Promise<number> {
	expect(node.pending).toHaveLength(1);
	node.pending[0]!.fail(new Error('refused'));
	await advance();
	const before = node.dials.length;
	let waited = 0;
	while (node.dials.length === before && waited < 60_000) {
		await advance(100);
		waited += 100;
	}
	return waited;
}

describe('RelayKeeper', () => {
	it('does nothing until started, then dials every relay', async () => {
		keeper = new RelayKeeper({
			node: node as unknown as RelayKeeperNode,
			relays,
			onEvent: (e) => events.push(e)
		});
		await advance(1_000);
		expect(node.dials).toHaveLength(0);
		keeper.start();
		expect(node.dials.map((d) => String(d.target))).toEqual(relays.map(String));
		expect(events).toEqual(relays.map((r) => ({ kind: 'relay-connecting', detail: String(r) })));
	});

	it('reports a connection and counts it until the relay disconnects, then dials again', async () => {
		startKeeper(relays);
		node.dials[0]!.succeed(relayIds[0]!);
		await advance();
		expect(keeper.connectedCount).toBe(1);
		expect(keeper.isRelay(relayIds[0]!)).toBe(true);
		expect(keeper.isRelay(relayIds[1]!)).toBe(false);
		expect(events.at(-1)).toEqual({
			kind: 'relay-connected',
			peer: relayIds[0]!.toString(),
			detail: String(relays[0])
		});

		node.disconnect(relayIds[0]!);
		await advance();
		expect(keeper.connectedCount).toBe(0);
		expect(keeper.isRelay(relayIds[0]!)).toBe(false);
		expect(events.slice(-2)).toEqual([
			{ kind: 'relay-lost', detail: String(relays[0]) },
			{ kind: 'relay-connecting', detail: String(relays[0]) }
		]);
		expect(node.dials).toHaveLength(3);
		expect(String(node.dials[2]!.target)).toBe(String(relays[0]));
	});

	it('backs off exponentially from the minimum to the maximum after failures', async () => {
		startKeeper();
		const waits: number[] = [];
		for (let i = 0; i < 8; i++) waits.push(await failAndTimeRedial());
		const expected: number[] = [];
		for (let d = RELAY_RETRY_MIN_MS; expected.length < 8; d = Math.min(d * 2, RELAY_RETRY_MAX_MS)) {
			expected.push(d);
		}
		expect(expected).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
		expect(waits).toEqual(expected);
		expect(events.filter((e) => e.kind === 'relay-failed').at(-1)).toEqual({
			kind: 'relay-failed',
			detail: `${relays[0]}: refused`
		});
	});

	it('resets the backoff after a successful connection', async () => {
		startKeeper();
		expect(await failAndTimeRedial()).toBe(500);
		expect(await failAndTimeRedial()).toBe(1_000);
		expect(await failAndTimeRedial()).toBe(2_000);
		node.pending[0]!.succeed(relayIds[0]!);
		await advance();
		node.disconnect(relayIds[0]!);
		await advance();
		expect(await failAndTimeRedial()).toBe(500);
	});

	it('gives up a dial that hangs after the relay dial timeout and retries after the backoff', async () => {
		startKeeper();
		const dial = node.dials[0]!;
		await advance(RELAY_DIAL_TIMEOUT_MS - 1);
		expect(dial.aborted).toBe(false);
		await advance(1);
		expect(dial.aborted).toBe(true);
		expect(events.at(-1)).toEqual({
			kind: 'relay-failed',
			detail: `${relays[0]}: signal timed out`
		});
		await advance(RELAY_RETRY_MIN_MS);
		expect(node.dials).toHaveLength(2);
	});

	it('retries at once on retryNow() and on the online event, not only after the backoff', async () => {
		startKeeper();
		for (let i = 0; i < 5; i++) await failAndTimeRedial(); // the next wait is 15 s
		node.pending[0]!.fail(new Error('offline'));
		await advance(1_000);
		expect(node.pending).toHaveLength(0);
		keeper.retryNow();
		await advance();
		expect(node.pending).toHaveLength(1);

		node.pending[0]!.fail(new Error('offline'));
		await advance(1_000);
		expect(node.pending).toHaveLength(0);
		online.dispatchEvent(new Event('online'));
		await advance();
		expect(node.pending).toHaveLength(1);
	});

	it('stops every loop: no dial, event or wake-up after stop()', async () => {
		startKeeper(relays);
		node.dials[0]!.succeed(relayIds[0]!); // relay 0 connected, relay 1 dialling
		await advance();
		const dialling = node.dials[1]!;
		const seen = events.length;
		keeper.stop();
		await advance();
		expect(dialling.aborted).toBe(true);
		expect(keeper.connectedCount).toBe(0);
		node.disconnect(relayIds[0]!);
		online.dispatchEvent(new Event('online'));
		await advance(60_000);
		expect(node.dials).toHaveLength(2);
		expect(events).toHaveLength(seen);
	});

	it('stops a loop that is waiting out its backoff', async () => {
		startKeeper();
		node.pending[0]!.fail(new Error('refused'));
		await advance();
		keeper.stop();
		await advance();
		expect(vi.getTimerCount()).toBe(0); // neither the backoff nor the failed dial's timeout
		await advance(60_000);
		expect(node.dials).toHaveLength(1);
	});
});
