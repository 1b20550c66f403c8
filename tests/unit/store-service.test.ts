/**
 * The relay's store protocol against requests no honest browser sends: malformed, oversized,
 * signed with another room's key, badly signed, too many. Each gets a clear refusal, is counted,
 * and the relay keeps serving. Real libp2p nodes over TCP, a real SQLite store.
 */
import { lpStream } from '@libp2p/utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomSigner } from '../../src/lib/crypto/room-signer.ts';
import { StoreRefusedError } from '../../src/lib/store/copy-read.ts';
import { StoreClient } from '../../src/lib/store/store-client.ts';
import {
	decodeAnswer,
	encodeRequest,
	MAX_ENTRY_BYTES,
	OP_APPEND,
	signedBytes,
	STORE_PROTOCOL
} from '../../src/lib/store/store-wire.ts';
import {
	createStoreWorld,
	newRoomKey,
	TEST_LIMITS,
	type StoreWorld
} from './support/store-world.ts';

let world: StoreWorld;
afterEach(async () => {
	await world?.close();
});
const options = () => ({ signal: AbortSignal.timeout(5000) });

async function refusal(attempt: Promise<unknown>): Promise<string> {
	const err = await attempt.then(
		() => null,
		(e: unknown) => e
	);
	if (!(err instanceof StoreRefusedError)) throw new Error(`expected a refusal, got ${err}`);
	return err.code;
}

describe('StoreService', () => {
	it('answers a malformed request with a clear error and keeps serving', async () => {
		world = await createStoreWorld();
		const node = await world.client();
		const stream = await node.dialProtocol(world.relay.peerId, STORE_PROTOCOL, options());
		const lp = lpStream(stream);
		await lp.write(new Uint8Array([1, 9, 9, 9]));
		const answer = decodeAnswer((await lp.read(options())).slice());
		expect(answer).toMatchObject({ ok: false, code: 'malformed' });
		await stream.close();

		const key = await newRoomKey();
		const client = new StoreClient(node, key.topicId, key.signer);
		await client.append(world.relay.peerId, new Uint8Array(10), options());
		expect((await client.read(world.relay.peerId, 0, 0, options())).entries).toHaveLength(1);
		expect(world.service.stats.refusedByCode).toEqual({ malformed: 1 });
	});

	it('refuses writes from whoever lacks the room key: board unchanged, refusals counted', async () => {
		world = await createStoreWorld();
		const node = await world.client();
		const room = await newRoomKey();
		const other = await newRoomKey();
		const owner = new StoreClient(node, room.topicId, room.signer);
		await owner.append(world.relay.peerId, new Uint8Array([1, 2, 3]), options());
		const before = await owner.read(world.relay.peerId, 0, 0, options());

		// Knows the topic id, signs with its own key.
		const stranger = new StoreClient(node, room.topicId, other.signer);
		// Presents the room's public key, cannot sign with it.
		const forger = new StoreClient(node, room.topicId, {
			publicKey: room.signer!.publicKey,
			sign: async () => crypto.getRandomValues(new Uint8Array(64))
		} as unknown as RoomSigner);
		const relay = world.relay.peerId;
		expect(await refusal(stranger.append(relay, new Uint8Array(5), options()))).toBe('wrong-key');
		expect(await refusal(forger.append(relay, new Uint8Array(5), options()))).toBe('bad-signature');
		expect(await refusal(forger.snapshot(relay, before.seq, new Uint8Array(5), options()))).toBe(
			'bad-signature'
		);
		expect(await refusal(stranger.snapshot(relay, before.seq, new Uint8Array(5), options()))).toBe(
			'wrong-key'
		);

		const after = await owner.read(relay, 0, 0, options());
		expect(after).toEqual(before);
		expect(world.service.stats.refusedByCode).toEqual({ 'wrong-key': 2, 'bad-signature': 2 });
	});

	it('refuses an entry over the size limit, also from a client that does not check', async () => {
		world = await createStoreWorld();
		const node = await world.client();
		const key = await newRoomKey();
		const client = new StoreClient(node, key.topicId, key.signer);
		const big = new Uint8Array(MAX_ENTRY_BYTES + 1);
		expect(await refusal(client.append(world.relay.peerId, big, options()))).toBe('too-large');
		// The same request, written by hand: the relay refuses it too.
		const signature = await key.signer!.sign(signedBytes(OP_APPEND, key.topicId, 0, big));
		const request = encodeRequest({
			op: OP_APPEND,
			topicId: key.topicId,
			signed: { publicKey: key.signer!.publicKey, signature },
			data: big
		});
		const stream = await node.dialProtocol(world.relay.peerId, STORE_PROTOCOL, options());
		const lp = lpStream(stream, { maxDataLength: request.length + 16 });
		await lp.write(request, options());
		expect(decodeAnswer((await lp.read(options())).slice())).toMatchObject({
			ok: false,
			code: 'too-large'
		});
		expect(world.service.stats.refusedByCode).toEqual({ 'too-large': 1 });
		expect((await client.read(world.relay.peerId, 0, 0, options())).seq).toBe(0);
	});

	it('limits writes per second for one room, not for others', async () => {
		world = await createStoreWorld(TEST_LIMITS, 3);
		const node = await world.client();
		const [busy, quiet] = [await newRoomKey(), await newRoomKey()];
		const client = new StoreClient(node, busy.topicId, busy.signer);
		const results = [];
		for (let i = 0; i < 5; i++) {
			results.push(
				await client.append(world.relay.peerId, new Uint8Array([i]), options()).then(
					() => 'ok',
					(err: StoreRefusedError) => err.code
				)
			);
		}
		expect(results).toEqual(['ok', 'ok', 'ok', 'rate-limited', 'rate-limited']);
		const other = new StoreClient(node, quiet.topicId, quiet.signer);
		await other.append(world.relay.peerId, new Uint8Array([1]), options());
	});

	it('limits requests per peer and per address, before checking any signature', async () => {
		world = await createStoreWorld(TEST_LIMITS, 1000, {
			peerRequestsPerSecond: 2,
			addressRequestsPerSecond: 3
		});
		const key = await newRoomKey();
		const attempt = (client: StoreClient) =>
			client.append(world.relay.peerId, new Uint8Array([1]), options()).then(
				() => 'ok',
				(err: StoreRefusedError) => `${err.code}: ${err.message}`
			);
		const first = new StoreClient(await world.client(), key.topicId, key.signer);
		const second = new StoreClient(await world.client(), key.topicId, key.signer);
		const results = [await attempt(first), await attempt(first), await attempt(first)];
		results.push(await attempt(second), await attempt(second));
		expect(results.map((r) => r.split(':')[0])).toEqual([
			'ok',
			'ok',
			'rate-limited',
			'ok',
			'rate-limited'
		]);
		expect(results[2]).toMatch(/this peer/);
		// Both clients are on 127.0.0.1: the address's three requests are spent.
		expect(results[4]).toMatch(/this address/);
	});
});
