import { streamPair } from '@libp2p/utils';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';
import { frameAad, runSyncExchange } from '../../src/lib/sync/sync-exchange.ts';
import { FrameAssembler, toFrames, FrameError } from '../../src/lib/sync/frames.ts';
import { MAX_FRAME_PAYLOAD } from '../../src/lib/sync/constants.ts';

function docWith(entries: Record<string, unknown>): Y.Doc {
	const doc = new Y.Doc();
	const map = doc.getMap('elements');
	doc.transact(() => {
		for (const [key, value] of Object.entries(entries)) map.set(key, value);
	});
	return doc;
}

const key = await RoomKey.fromBytes(new Uint8Array(32).fill(7));
const cipher = key.sync;

async function exchange(a: Y.Doc, b: Y.Doc) {
	const [outbound, inbound] = await streamPair();
	return Promise.all([
		runSyncExchange(a, outbound, { cipher, writeKey: key, initiator: true }),
		runSyncExchange(b, inbound, { cipher, writeKey: key, initiator: false })
	]);
}

describe('sync exchange over an in-memory duplex', () => {
	it('brings two documents with disjoint edits to the same state', async () => {
		const a = docWith({ a1: { n: 1 }, a2: { n: 2 } });
		const b = docWith({ b1: { n: 3 } });
		await exchange(a, b);
		expect(a.getMap('elements').toJSON()).toEqual(b.getMap('elements').toJSON());
		expect(Object.keys(a.getMap('elements').toJSON()).sort()).toEqual(['a1', 'a2', 'b1']);
		expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
	});

	it('merges concurrent edits of the same key identically on both sides', async () => {
		const a = docWith({ shared: 'from-a' });
		const b = docWith({ shared: 'from-b' });
		await exchange(a, b);
		const valueA = a.getMap('elements').get('shared');
		expect(['from-a', 'from-b']).toContain(valueA);
		expect(b.getMap('elements').get('shared')).toEqual(valueA);
	});

	it('sends a board far larger than one frame, fragmented within the frame bound', async () => {
		const a = new Y.Doc();
		const points = new Uint8Array(1000).map((_, i) => i % 251);
		a.transact(() => {
			for (let i = 0; i < 5000; i++) a.getMap('elements').set(`s${i}`, { points });
		});
		const b = new Y.Doc();
		const [resultA, resultB] = await exchange(a, b);
		expect(resultA.sentBytes).toBeGreaterThan(MAX_FRAME_PAYLOAD * 20);
		expect(resultB.receivedBytes).toBe(resultA.sentBytes);
		expect(b.getMap('elements').size).toBe(5000);
		expect(b.getMap('elements').get('s4999')).toEqual({ points });
		expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));
	});

	it('answers in bounded update messages that are checked and applied one by one', async () => {
		const a = new Y.Doc();
		const points = new Uint8Array(300).fill(9);
		for (let round = 0; round < 3; round++) {
			// Three clients' worth of edits, each referring to the same maps.
			const writer = new Y.Doc();
			Y.applyUpdate(writer, Y.encodeStateAsUpdate(a));
			writer.transact(() => {
				const map = writer.getMap<Y.Map<unknown>>('elements');
				for (let i = 0; i < 200; i++) {
					const element = new Y.Map<unknown>();
					map.set(`r${round}e${i}`, element);
					element.set('points', points);
				}
				if (round > 0) map.get('r0e0')?.set('moved', round);
				if (round === 2) map.delete('r1e5');
			});
			Y.applyUpdate(a, Y.encodeStateAsUpdate(writer));
		}
		const b = new Y.Doc();
		const checked: number[] = [];
		const applied: number[] = [];
		b.on('update', (update: Uint8Array) => applied.push(update.length));
		const [outbound, inbound] = await streamPair();
		await Promise.all([
			runSyncExchange(a, outbound, { cipher, writeKey: key, initiator: true, chunkBytes: 4096 }),
			runSyncExchange(b, inbound, {
				cipher,
				writeKey: key,
				initiator: false,
				checkUpdate: (update) => void checked.push(update.length)
			})
		]);
		expect(checked.length).toBeGreaterThan(20);
		expect(Math.max(...checked.slice(0, -1))).toBeLessThan(4096 + 400);
		expect(applied.length).toBeGreaterThan(20);
		expect(b.getMap('elements').toJSON()).toEqual(a.getMap('elements').toJSON());
		expect(b.getMap('elements').has('r1e5')).toBe(false);
		expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));
	});

	it('applies nothing of an update that fails the check, and stops there', async () => {
		const a = docWith({ good: 1 });
		a.getMap('elements').set('bad', 2);
		const b = new Y.Doc();
		const [outbound, inbound] = await streamPair();
		const results = await Promise.allSettled([
			runSyncExchange(a, outbound, { cipher, writeKey: key, initiator: true }),
			runSyncExchange(b, inbound, {
				cipher,
				writeKey: key,
				initiator: false,
				checkUpdate: (update) => {
					const keys = Y.decodeUpdate(update).structs.map((s) => (s as Y.Item).parentSub);
					if (keys.includes('bad')) throw new Error('bad key');
				}
			})
		]);
		expect(results[1].status).toBe('rejected');
		if (results[1].status === 'rejected') expect(String(results[1].reason)).toMatch(/refused/);
		expect(b.getMap('elements').size).toBe(0);
	});

	it('applies remote state with the sync origin, so it is not published again', async () => {
		const a = docWith({ x: 1 });
		const b = new Y.Doc();
		const origins: unknown[] = [];
		b.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
		await exchange(a, b);
		expect(origins).toHaveLength(1);
		expect(typeof origins[0]).toBe('symbol');
		expect(String(origins[0])).toContain('remote:sync');
	});

	it('rejects a peer that sends garbage instead of a sync message', async () => {
		const doc = docWith({ x: 1 });
		const [outbound, inbound] = await streamPair();
		const run = runSyncExchange(doc, inbound, { cipher, writeKey: key, initiator: false });
		// A well-formed, correctly encrypted frame (kind FINAL) holding an unknown message type.
		const sealed = await cipher.seal(Uint8Array.from([0, 0x7f, 0x01]), frameAad(true, 0));
		outbound.send(Uint8Array.from([sealed.length, ...sealed]));
		await expect(run).rejects.toThrow(/malformed sync message|Unknown message type/);
		expect(doc.getMap('elements').toJSON()).toEqual({ x: 1 });
	});
});

describe('frames', () => {
	it('splits and reassembles messages of every size around the bound', () => {
		for (const size of [
			0,
			1,
			MAX_FRAME_PAYLOAD - 1,
			MAX_FRAME_PAYLOAD,
			MAX_FRAME_PAYLOAD + 1,
			100_000
		]) {
			const message = new Uint8Array(size).map((_, i) => (i * 7) % 256);
			const frames = toFrames(message);
			for (const frame of frames) expect(frame.length).toBeLessThanOrEqual(MAX_FRAME_PAYLOAD + 1);
			const assembler = new FrameAssembler(1 << 20);
			const results = frames.map((frame) => assembler.push(frame));
			expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
			expect(results.at(-1)).toEqual(message);
		}
	});

	it('refuses unknown frame kinds, oversized frames and oversized messages', () => {
		expect(() => new FrameAssembler(100).push(Uint8Array.of(9, 1))).toThrow(FrameError);
		expect(() => new FrameAssembler(100).push(new Uint8Array(0))).toThrow(FrameError);
		expect(() => new FrameAssembler(1 << 20, 4).push(new Uint8Array(6))).toThrow(FrameError);
		const small = new FrameAssembler(10);
		expect(small.push(Uint8Array.of(1, ...new Array(8).fill(0)))).toBeNull();
		expect(() => small.push(Uint8Array.of(0, 1, 2, 3))).toThrow(/exceeds 10 bytes/);
	});
});
