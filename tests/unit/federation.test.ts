/**
 * Two peered relays (`--peer` both ways, the second not up yet when the first starts), as
 * relay/main.ts runs them, with stock libp2p clients: a client on one relay hears gossip published
 * on the other, and a board write saved through one relay can be read from the other.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { afterEach, expect, it, vi } from 'vitest';
import { BoardStore } from '../../relay/board-store.ts';
import { StoreClient } from '../../src/lib/store/store-client.ts';
import { createRelayClient } from './support/relay-client.ts';
import { startTestRelay, type TestRelay } from './support/relay-server.ts';
import { newRoomKey, TEST_LIMITS } from './support/store-world.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});
const eventually = <T>(check: () => T | Promise<T>) =>
	vi.waitFor(check, { timeout: 15_000, interval: 50 });

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** Starts relay `i` of a pair on its port, key and store directory, with `--peer` the other. */
type Starter = (i: number) => Promise<TestRelay>;

/** Two relays, each with `--peer` naming the other, and each with a board store. */
async function peeredRelays(): Promise<[TestRelay, TestRelay, Starter]> {
	const keys = await Promise.all([generateKeyPair('Ed25519'), generateKeyPair('Ed25519')]);
	const ports = [await freePort(), await freePort()];
	const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'federation-')));
	const addr = (i: number) =>
		`/ip4/127.0.0.1/tcp/${ports[i]}/p2p/${peerIdFromPrivateKey(keys[i]!).toString()}`;
	const start = async (i: number) => {
		const store = BoardStore.open(dirs[i]!, TEST_LIMITS);
		const relay = await startTestRelay(
			['--tcp-port', String(ports[i]), '--peer', addr(1 - i)],
			store,
			keys[i]
		);
		let stopped = false;
		const stop = relay.stop;
		relay.stop = async () => {
			if (stopped) return;
			stopped = true;
			await stop();
			store.close();
		};
		cleanups.push(() => relay.stop());
		return relay;
	};
	// The first cannot reach the second yet: it keeps retrying until it can.
	const first = await start(0);
	const second = await start(1);
	await eventually(() => {
		expect(first.federation.status()).toEqual([
			{ peer: second.node.peerId.toString(), connected: true }
		]);
	});
	return [first, second, start];
}

it('forwards gossip between browsers on different relays', async () => {
	const [one, two] = await peeredRelays();
	const [a, b] = [await createRelayClient(), await createRelayClient()];
	cleanups.push(
		async () => a.stop(),
		async () => b.stop()
	);
	await a.dial(one.tcp);
	await b.dial(two.tcp);
	const topic = 'whiteboard/discovery/federated-room';
	a.services.pubsub.subscribe(topic);
	b.services.pubsub.subscribe(topic);
	const heard: string[] = [];
	b.services.pubsub.addEventListener('message', (evt) => {
		heard.push(new TextDecoder().decode(evt.detail.data));
	});
	await eventually(async () => {
		await a.services.pubsub.publish(topic, new TextEncoder().encode('hello from relay 1'));
		expect(heard).toContain('hello from relay 1');
	});
	// The peered relay's own subscription brought no topic in, and its forwarding is not limited.
	expect(one.mirror.topics).toEqual([topic]);
	expect(one.refusals.entries()).toEqual([]);
});

it('copies a board write saved through one relay to the other', async () => {
	const [one, two] = await peeredRelays();
	const client = await createRelayClient();
	cleanups.push(async () => client.stop());
	await client.dial(one.tcp);
	await client.dial(two.tcp);
	const key = await newRoomKey();
	const store = new StoreClient(client, key.topicId, key.signer);
	const options = () => ({ signal: AbortSignal.timeout(5000) });
	await store.append(one.node.peerId, new Uint8Array([1, 2, 3]), options());
	await eventually(async () => {
		const copy = await store.read(two.node.peerId, 0, 0, options());
		expect(copy.entries.map((e) => [...e.data])).toEqual([[1, 2, 3]]);
	});
	expect(one.replication.stats).toMatchObject({ sent: 1, refused: 0 });
	// Not sent back: the second relay got it from a peered relay.
	expect(two.replication.stats.sent).toBe(0);
});

it('copies what was saved while a peered relay was down once it is back', async () => {
	const [one, two, start] = await peeredRelays();
	await two.stop();
	const client = await createRelayClient();
	cleanups.push(async () => client.stop());
	await client.dial(one.tcp);
	const key = await newRoomKey();
	const store = new StoreClient(client, key.topicId, key.signer);
	const options = () => ({ signal: AbortSignal.timeout(5000) });
	for (let i = 0; i < 3; i++) await store.append(one.node.peerId, new Uint8Array([i]), options());

	const again = await start(1);
	await client.dial(again.tcp);
	await eventually(async () => {
		const copy = await store.read(again.node.peerId, 0, 0, options());
		expect(copy.entries.map((e) => [...e.data])).toEqual([[0], [1], [2]]);
	});
});
