import { streamPair } from '@libp2p/utils';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DecryptError } from '../../src/lib/crypto/envelope.ts';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';
import { frameAad, runSyncExchange } from '../../src/lib/sync/sync-exchange.ts';

const key = await RoomKey.fromBytes(new Uint8Array(32).fill(5));
const otherKey = await RoomKey.fromBytes(new Uint8Array(32).fill(6));

function docWith(entries: Record<string, number>): Y.Doc {
	const doc = new Y.Doc();
	for (const [k, v] of Object.entries(entries)) doc.getMap('elements').set(k, v);
	return doc;
}

describe('encrypted sync exchange', () => {
	it('converges when both sides hold the room key', async () => {
		const a = docWith({ a: 1 });
		const b = docWith({ b: 2 });
		const [outbound, inbound] = await streamPair();
		await Promise.all([
			runSyncExchange(a, outbound, { cipher: key.sync, writeKey: key, initiator: true }),
			runSyncExchange(b, inbound, { cipher: key.sync, writeKey: key, initiator: false })
		]);
		expect(a.getMap('elements').toJSON()).toEqual({ a: 1, b: 2 });
		expect(b.getMap('elements').toJSON()).toEqual({ a: 1, b: 2 });
	});

	it('fails closed with mismatched keys: neither document changes', async () => {
		const a = docWith({ a: 1 });
		const b = docWith({ b: 2 });
		const [outbound, inbound] = await streamPair();
		const runs = [
			runSyncExchange(a, outbound, { cipher: key.sync, writeKey: key, initiator: true }),
			runSyncExchange(b, inbound, { cipher: otherKey.sync, writeKey: key, initiator: false })
		];
		const results = await Promise.allSettled(runs);
		for (const result of results) {
			expect(result.status).toBe('rejected');
			if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DecryptError);
		}
		expect(a.getMap('elements').toJSON()).toEqual({ a: 1 });
		expect(b.getMap('elements').toJSON()).toEqual({ b: 2 });
	});

	it('refuses a reflected, reordered or replayed frame', async () => {
		const doc = docWith({ x: 1 });
		const frame = Uint8Array.of(0, 0, 0); // FINAL, SyncStep1 with an empty state vector
		for (const [fromInitiator, sequence] of [
			[false, 0], // our own direction reflected back
			[true, 1] // the initiator's second frame, arriving first
		] as const) {
			const [outbound, inbound] = await streamPair();
			const run = runSyncExchange(doc, inbound, {
				cipher: key.sync,
				writeKey: key,
				initiator: false
			});
			const sealed = await key.sync.seal(frame, frameAad(fromInitiator, sequence));
			outbound.send(Uint8Array.from([sealed.length, ...sealed]));
			await expect(run).rejects.toBeInstanceOf(DecryptError);
		}
		expect(doc.getMap('elements').toJSON()).toEqual({ x: 1 });
	});

	it('refuses a truncated frame', async () => {
		const doc = docWith({ x: 1 });
		const [outbound, inbound] = await streamPair();
		const run = runSyncExchange(doc, inbound, {
			cipher: key.sync,
			writeKey: key,
			initiator: false
		});
		const sealed = await key.sync.seal(Uint8Array.of(0, 0, 0), frameAad(true, 0));
		const cut = sealed.subarray(0, sealed.length - 1);
		outbound.send(Uint8Array.from([cut.length, ...cut]));
		await expect(run).rejects.toBeInstanceOf(DecryptError);
		expect(doc.getMap('elements').toJSON()).toEqual({ x: 1 });
	});
});
