/**
 * The relay's limits on real nodes: the relay as relay/main.ts runs it (relay-server.ts) and stock
 * js-libp2p clients over loopback TCP, some from 127.0.0.2 so that per-address limits apply to
 * them and not to the others. Each limit is checked with the refusal reason it counts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRelayClient, type RelayClient } from './support/relay-client.ts';
import { startTestRelay, type TestRelay } from './support/relay-server.ts';

const eventually = <T>(check: () => T, timeout = 10_000) =>
	vi.waitFor(check, { timeout, interval: 20 });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function relay(args: string[] = []): Promise<TestRelay> {
	const server = await startTestRelay(args);
	cleanups.push(() => server.stop());
	return server;
}

async function client(
	server: TestRelay,
	options: { localAddress?: string; reserve?: boolean } = {}
): Promise<RelayClient> {
	const node = await createRelayClient(options);
	cleanups.push(async () => node.stop());
	await node.dial(server.tcp);
	return node;
}

const refusalCount = (server: TestRelay) =>
	server.refusals.entries().reduce((sum, [, n]) => sum + n, 0);

/** A client whose reservation the relay granted or refused (then the map lacks it). */
async function reserving(server: TestRelay, localAddress?: string): Promise<RelayClient> {
	const before = refusalCount(server);
	const node = await client(server, { reserve: true, localAddress });
	await eventually(() => {
		const granted = server.node.services.relay.reservations.has(node.peerId);
		expect(granted || refusalCount(server) > before).toBe(true);
	});
	return node;
}

/** Dials the relay and expects the connection refused: it fails or is closed at once. */
async function refusedDial(server: TestRelay, localAddress?: string): Promise<void> {
	const node = await createRelayClient({ localAddress });
	cleanups.push(async () => node.stop());
	await node.dial(server.tcp).catch(() => {});
	await eventually(() => expect(node.getConnections(server.node.peerId)).toHaveLength(0));
}

describe('relay reservations', () => {
	it('ends a reservation as soon as its peer disconnects, not at the TTL', async () => {
		const server = await relay();
		const node = await reserving(server);
		expect(server.node.services.relay.reservations.has(node.peerId)).toBe(true);
		await node.stop();
		await eventually(() => expect(server.node.services.relay.reservations.size).toBe(0), 3000);
	});

	it('caps reservations per address, leaving room for other addresses', async () => {
		const server = await relay(['--max-reservations-per-ip', '2']);
		await reserving(server, '127.0.0.2');
		await reserving(server, '127.0.0.2');
		const third = await reserving(server, '127.0.0.2');
		expect(server.refusals.get('reservation:per-address')).toBe(1);
		expect(server.node.services.relay.reservations.has(third.peerId)).toBe(false);

		const other = await reserving(server, '127.0.0.1');
		expect(server.node.services.relay.reservations.has(other.peerId)).toBe(true);
		expect(server.node.services.relay.reservations.size).toBe(3);
	});

	it('counts refusals at the global cap', async () => {
		const server = await relay(['--max-reservations', '1']);
		await reserving(server, '127.0.0.1');
		const second = await reserving(server, '127.0.0.3');
		expect(server.refusals.get('reservation:full')).toBe(1);
		expect(server.node.services.relay.reservations.has(second.peerId)).toBe(false);
	});
});

describe('relay connections', () => {
	it('caps connections per address; other addresses still get in', async () => {
		const server = await relay(['--max-connections-per-ip', '2']);
		await client(server, { localAddress: '127.0.0.2' });
		await client(server, { localAddress: '127.0.0.2' });
		await refusedDial(server, '127.0.0.2');
		expect(server.refusals.get('connection:per-address')).toBeGreaterThanOrEqual(1);

		const other = await client(server, { localAddress: '127.0.0.1' });
		expect(other.getConnections(server.node.peerId)).toHaveLength(1);
	});

	it('frees an address’s connection slots when its connections close', async () => {
		const server = await relay(['--max-connections-per-ip', '1']);
		for (let i = 0; i < 3; i++) {
			const node = await client(server, { localAddress: '127.0.0.2' });
			expect(node.getConnections(server.node.peerId)).toHaveLength(1);
			await node.stop();
			await eventually(() => expect(server.admission.admission.openFrom('127.0.0.2')).toBe(0));
		}
		expect(server.refusals.get('connection:per-address')).toBe(0);
	});

	it('when full, refuses a newcomer while every connection is young or has a room', async () => {
		const server = await relay(['--max-connections', '2']);
		await client(server, { localAddress: '127.0.0.2' });
		const withRoom = await client(server, { localAddress: '127.0.0.3' });
		withRoom.services.pubsub.subscribe('whiteboard/fallback/room-1');
		await eventually(() => expect(server.mirror.topics).toContain('whiteboard/fallback/room-1'));
		await refusedDial(server);
		expect(server.refusals.get('connection:full')).toBeGreaterThanOrEqual(1);
		expect(withRoom.getConnections(server.node.peerId)).toHaveLength(1);
		// Which connection makes way once past its grace: relay-admission-policies.test.ts.
	});
});

describe('relay topics', () => {
	it('mirrors at most --max-topics-per-peer topics of one peer and tells it of the rest', async () => {
		const server = await relay(['--max-topics-per-peer', '2']);
		const hostile = await client(server, { localAddress: '127.0.0.2' });
		for (let i = 0; i < 5; i++) hostile.services.pubsub.subscribe(`whiteboard/fallback/h${i}`);
		await eventually(() => expect(server.refusals.get('topic:per-peer')).toBe(3));
		expect(server.mirror.topics.sort()).toEqual([
			'whiteboard/fallback/h0',
			'whiteboard/fallback/h1'
		]);
		await eventually(() => expect(hostile.notices).toHaveLength(3));
		expect(hostile.notices[0]).toMatchObject({
			topic: 'whiteboard/fallback/h2',
			reason: 'per-peer'
		});

		// A browser still gets its room's topics mirrored.
		const browser = await client(server);
		browser.services.pubsub.subscribe('whiteboard/discovery/room');
		browser.services.pubsub.subscribe('whiteboard/fallback/room');
		await eventually(() =>
			expect(server.mirror.topics).toEqual(
				expect.arrayContaining(['whiteboard/discovery/room', 'whiteboard/fallback/room'])
			)
		);
		expect(browser.notices).toEqual([]);
	});

	it('caps the topics of all peers of one address together', async () => {
		const server = await relay(['--max-topics-per-ip', '3']);
		const [one, two] = [
			await client(server, { localAddress: '127.0.0.2' }),
			await client(server, { localAddress: '127.0.0.2' })
		];
		for (let i = 0; i < 2; i++) one.services.pubsub.subscribe(`whiteboard/fallback/one${i}`);
		await eventually(() => expect(server.mirror.topics).toHaveLength(2));
		for (let i = 0; i < 2; i++) two.services.pubsub.subscribe(`whiteboard/fallback/two${i}`);
		await eventually(() => expect(server.refusals.get('topic:per-address')).toBe(1));
		expect(server.mirror.topics).toHaveLength(3);
		// Leaving frees the address's slots.
		await one.stop();
		const three = await client(server, { localAddress: '127.0.0.2' });
		await eventually(() => {
			three.services.pubsub.subscribe('whiteboard/fallback/three');
			expect(server.mirror.topics).toContain('whiteboard/fallback/three');
		});
	});

	it('drops the topics of a peer that left within seconds', async () => {
		const server = await relay();
		const node = await client(server, { localAddress: '127.0.0.2' });
		for (let i = 0; i < 4; i++) node.services.pubsub.subscribe(`whiteboard/fallback/gone${i}`);
		await eventually(() => expect(server.mirror.topics).toHaveLength(4));
		await node.stop();
		await eventually(() => expect(server.mirror.topics).toEqual([]), 8000);
	}, 15_000);
});
