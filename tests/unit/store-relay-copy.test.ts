/**
 * The relay's copy of a board, end to end in Node.js: RelayCopy instances on real libp2p nodes
 * (TCP) against the relay's StoreService over a real SQLite store, with real room keys and Yjs
 * documents. No browser, no gossip: each document learns of the others only through the copy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board.ts';
import type { ElementInput } from '../../src/lib/board/elements.ts';
import { sceneStrokes } from '../../src/lib/probe/strokes.ts';
import { checkBoardUpdate } from '../../src/lib/board/update-check.ts';
import { CopyCipher } from '../../src/lib/store/copy-codec.ts';
import { openCopy, wholeCopy, type EarlyCopy } from '../../src/lib/store/copy-open.ts';
import type { CopyRead } from '../../src/lib/store/copy-read.ts';
import { StoreClient } from '../../src/lib/store/store-client.ts';
import { createStoreWorld, newRoomKey, type StoreWorld } from './support/store-world.ts';
import { TEXT_ELEMENT } from './support/elements.ts';
import { MAX_IMAGE_BYTES } from '../../src/lib/app/image-import.ts';
import { blobHash, verifiedBlob } from '../../src/lib/board/blobs.ts';

const IMAGE_FIELDS = {
	type: 'image',
	x: 0,
	y: 0,
	w: 300,
	h: 200,
	mime: 'image/webp',
	color: '#000000',
	width: 1
} as const;

let world: StoreWorld;

/** A read as the page's early read hands it over: opened and checked. */
async function opened(key: Awaited<ReturnType<typeof newRoomKey>>, relay: string, read: CopyRead) {
	const cipher = new CopyCipher(key.store, key.topicId);
	return wholeCopy({ relay, read, opened: await openCopy(read, cipher, checkBoardUpdate) });
}
afterEach(async () => {
	await world?.close();
});

const text = (i: number): ElementInput => ({ ...TEXT_ELEMENT, x: i, text: `note ${i}` });

function boardWith(count: number, from = 0): { doc: Y.Doc; board: Board; ids: string[] } {
	const doc = new Y.Doc();
	const board = new Board(doc);
	const ids = Array.from({ length: count }, (_, i) => board.add(text(from + i)));
	return { doc, board, ids };
}

const idsOf = (board: Board) =>
	board
		.elements()
		.map((e) => e.id)
		.sort();

describe('RelayCopy', () => {
	it('opens a board complete from the copy when its author has left', async () => {
		world = await createStoreWorld();
		const key = await newRoomKey();
		const a = boardWith(20);
		const copyA = await world.copyOf(a.doc, key);
		expect(copyA.state.status).toBe('saved');
		copyA.stop();

		const b = boardWith(0);
		const copyB = await world.copyOf(b.doc, key);
		expect(idsOf(b.board)).toEqual([...a.ids].sort());
		expect(copyB.state).toMatchObject({ status: 'saved', entriesRead: 1, unusable: 0 });
		// B had nothing the copy lacked: it wrote nothing.
		expect(world.service.stats.appends).toBe(1);
	});

	it('applies the copy read as the page loaded, then reads only what is newer', async () => {
		world = await createStoreWorld();
		const key = await newRoomKey();
		const a = boardWith(3);
		const copyA = await world.copyOf(a.doc, key);
		// What B's page read over HTTP as it loaded (the same answer as a libp2p read).
		const reader = new StoreClient(await world.client(), key.topicId, null);
		const early = await reader.read(world.relay.peerId, 0, 0, {
			signal: AbortSignal.timeout(5000)
		});
		a.board.add(text(10));
		await copyA.flushNow();
		const appends = world.service.stats.appends;
		const reads = world.service.stats.reads;

		const b = boardWith(0);
		const prefetched = opened(key, world.relay.peerId.toString(), early);
		const copyB = await world.copyOf(b.doc, key, { prefetched });
		expect(idsOf(b.board)).toEqual(idsOf(a.board));
		// One entry came early, the newer one from the relay connection; nothing was read twice.
		expect(copyB.state).toMatchObject({ status: 'saved', entriesRead: 2, unusable: 0 });
		expect(world.service.stats.reads - reads).toBe(1);
		expect(world.service.stats.appends).toBe(appends);
	});

	it('reads the whole copy over libp2p when the early read failed or was another relay’s', async () => {
		world = await createStoreWorld();
		const key = await newRoomKey();
		const a = boardWith(4);
		await world.copyOf(a.doc, key);
		const reader = new StoreClient(await world.client(), key.topicId, null);
		const early = await reader.read(world.relay.peerId, 0, 0, {
			signal: AbortSignal.timeout(5000)
		});
		const otherRelay = (await world.client()).peerId.toString();
		for (const prefetch of [
			() => Promise.reject(new Error('the relay does not serve its copy over HTTP')),
			() => opened(key, otherRelay, early)
		]) {
			const prefetched = prefetch();
			prefetched.catch(() => {}); // RelayCopy handles it once it is built
			const b = boardWith(0);
			const copyB = await world.copyOf(b.doc, key, { prefetched });
			expect(idsOf(b.board)).toEqual(idsOf(a.board));
			expect(copyB.state).toMatchObject({ status: 'saved', entriesRead: 1 });
		}
	});

	it('applies an early copy batch by batch as they come, and all of it again after a failure', async () => {
		world = await createStoreWorld();
		const key = await newRoomKey();
		const a = boardWith(2);
		const copyA = await world.copyOf(a.doc, key);
		for (const i of [10, 11, 12]) {
			a.board.add(text(i));
			await copyA.flushNow();
		}
		const reader = new StoreClient(await world.client(), key.topicId, null);
		const early = await reader.read(world.relay.peerId, 0, 0, {
			signal: AbortSignal.timeout(5000)
		});
		expect(early.entries).toHaveLength(4);
		const parts = (await (await opened(key, '', early)).next())!;
		const reads = world.service.stats.reads;
		/** An early copy of one batch per entry; `failAt`: the batch that fails instead. */
		const batched = (failAt: number | null) => {
			const seen: number[] = [];
			let next = 0;
			const copy: EarlyCopy = {
				relay: world.relay.peerId.toString(),
				read: Promise.resolve(early),
				next: async () => {
					// What the board held when the reader asked for this batch.
					seen.push(b.board.elementCount);
					if (next === failAt) throw new Error('the read broke off');
					const entry = parts.entries[next++];
					return entry === undefined ? null : { snapshot: null, entries: [entry] };
				},
				cancel: () => {}
			};
			return { copy, seen };
		};

		let b = boardWith(0);
		const whole = batched(null);
		const copyB = await world.copyOf(b.doc, key, { prefetched: Promise.resolve(whole.copy) });
		// Each batch was on the board before the next was asked for.
		expect(whole.seen).toEqual([0, 2, 3, 4, 5]);
		expect(idsOf(b.board)).toEqual(idsOf(a.board));
		expect(copyB.state).toMatchObject({ status: 'saved', entriesRead: 4, unusable: 0 });
		expect(world.service.stats.reads - reads).toBe(1); // only what is newer, over libp2p

		b = boardWith(0);
		const broken = batched(2);
		const copyC = await world.copyOf(b.doc, key, { prefetched: Promise.resolve(broken.copy) });
		expect(broken.seen).toEqual([0, 2, 3]);
		// The early copy counts for nothing: the relay connection read all of it.
		expect(idsOf(b.board)).toEqual(idsOf(a.board));
		expect(copyC.state).toMatchObject({ status: 'saved', entriesRead: 4, unusable: 0 });
		expect(world.service.stats.appends).toBe(4);
	});

	it('sends each later change as it happens, and what was drawn offline on reconnect', async () => {
		world = await createStoreWorld();
		const key = await newRoomKey();
		const a = boardWith(2);
		const copyA = await world.copyOf(a.doc, key);
		a.board.add(text(100));
		await copyA.flushNow();
		expect(world.service.stats.appends).toBe(2);

		copyA.detach(world.relay.peerId);
		const offline = [a.board.add(text(200)), a.board.add(text(201))];
		a.board.remove([a.ids[0] as string]);
		expect(copyA.state.status).toBe('connecting');
		copyA.attach(world.relay.peerId);
		await copyA.idle();
		expect(copyA.state.status).toBe('saved');

		const b = boardWith(0);
		await world.copyOf(b.doc, key);
		expect(idsOf(b.board)).toEqual(idsOf(a.board));
		expect(idsOf(b.board)).toEqual(expect.arrayContaining(offline));
		expect(b.board.get(a.ids[0] as string)).toBeUndefined();
	});

	it('uploads a board too large for one entry in pieces', { timeout: 60_000 }, async () => {
		world = await createStoreWorld();
		const key = await newRoomKey();
		const doc = new Y.Doc();
		const board = new Board(doc);
		const strokes = sceneStrokes({ count: 3000, points: 200, width: 5000, height: 5000, seed: 1 });
		board.batch(() => {
			for (const stroke of strokes) board.add(stroke);
		});
		expect(Y.encodeStateAsUpdate(doc).length).toBeGreaterThan(2 * 1024 * 1024);
		await world.copyOf(doc, key);
		expect(world.service.stats.appends).toBeGreaterThan(2);

		const b = boardWith(0);
		await world.copyOf(b.doc, key);
		expect(b.board.elements()).toHaveLength(3000);
	});

	it('keeps images as large as the app makes them: two blobs and their elements', async () => {
		world = await createStoreWorld();
		const key = await newRoomKey();
		const a = boardWith(1);
		const copyA = await world.copyOf(a.doc, key);
		const images = [7, 8].map((fill) => new Uint8Array(MAX_IMAGE_BYTES).fill(fill));
		for (const [i, bytes] of images.entries()) {
			const blob = await blobHash(bytes);
			a.board.addImage({ ...IMAGE_FIELDS, x: i * 100, blob }, bytes);
			await copyA.flushNow();
		}
		expect(copyA.state.status).toBe('saved');
		copyA.stop();

		const b = boardWith(0);
		await world.copyOf(b.doc, key);
		const got = b.board.elements().filter((el) => el.type === 'image');
		expect(got).toHaveLength(2);
		for (const el of got) {
			if (el.type !== 'image') continue;
			expect(await verifiedBlob(b.board.blobs.get(el.blob), el.blob)).not.toBeNull();
		}
	});

	it('compacts while two browsers draw: nothing lost, nothing twice', async () => {
		world = await createStoreWorld();
		const key = await newRoomKey();
		const compaction = { maxEntries: 4, minBytes: 1 << 30 };
		const a = boardWith(0);
		const b = boardWith(0);
		const copyA = await world.copyOf(a.doc, key, { compaction });
		const copyB = await world.copyOf(b.doc, key, { compaction });
		const draw = async (side: typeof a, copy: typeof copyA, from: number) => {
			const ids: string[] = [];
			for (let i = 0; i < 25; i++) {
				ids.push(side.board.add(text(from + i)));
				await copy.flushNow();
			}
			return ids;
		};
		const [idsA, idsB] = await Promise.all([draw(a, copyA, 0), draw(b, copyB, 1000)]);
		expect(world.service.stats.snapshots).toBeGreaterThan(2);

		const c = boardWith(0);
		const copyC = await world.copyOf(c.doc, key);
		const expected = [...idsA, ...idsB].sort();
		expect(idsOf(c.board)).toEqual(expected);
		expect(c.board.elements()).toHaveLength(50);
		expect(copyC.state.snapshotCovers).toBeGreaterThan(0);
		// The log was cut: far fewer entries are left than were written.
		expect(copyC.state.entriesRead).toBeLessThan(20);
	});

	it('ignores and reports a snapshot it cannot use, and reads the log instead', async () => {
		world = await createStoreWorld();
		const key = await newRoomKey();
		const a = boardWith(5);
		const copyA = await world.copyOf(a.doc, key);
		copyA.stop();
		// A link holder's broken client uploads a snapshot that decrypts but is no board.
		const node = await world.client();
		const client = new StoreClient(node, key.topicId, key.signer);
		const garbage = await new CopyCipher(key.store, key.topicId).sealEntry(new Uint8Array(50));
		const options = { signal: AbortSignal.timeout(5000) };
		const { seq } = await client.read(world.relay.peerId, 0, 0, options);
		await client.snapshot(world.relay.peerId, seq, garbage, options);

		const b = boardWith(0);
		const copyB = await world.copyOf(b.doc, key);
		expect(idsOf(b.board)).toEqual([...a.ids].sort());
		expect(copyB.state.unusable).toBe(1);
		expect(copyB.state.lastError).toMatch(/ignored a snapshot/);
	});

	it('keeps each relay it uses complete: a second relay gets everything, not what follows the first', async () => {
		world = await createStoreWorld();
		const second = await createStoreWorld();
		try {
			const key = await newRoomKey();
			const a = boardWith(3);
			const copy = await world.copyOf(a.doc, key);
			a.board.add(text(10));
			await copy.flushNow();
			// The same browser's node connects to a second relay, which holds nothing of the room yet.
			const node = world.nodes.at(-1);
			if (node == null) throw new Error('no client node');
			await node.dial(second.relay.getMultiaddrs());
			copy.detach(world.relay.peerId);
			copy.attach(second.relay.peerId);
			await copy.idle();
			expect(copy.state.status).toBe('saved');

			const b = boardWith(0);
			await second.copyOf(b.doc, key);
			expect(idsOf(b.board)).toEqual(idsOf(a.board));
		} finally {
			await second.close();
		}
	});

	it('says so when the relay keeps no copies (--no-store, or an older relay)', async () => {
		world = await createStoreWorld();
		await world.service.stop(world.relay);
		const a = boardWith(1);
		const copy = await world.copyOf(a.doc, await newRoomKey());
		expect(copy.state).toMatchObject({
			status: 'unavailable',
			lastError: 'this relay keeps no copy of boards'
		});
		a.board.add(text(5));
		await copy.flushNow();
		expect(copy.state.status).toBe('unavailable');
	});

	it('says plainly when the relay keeps no more of the board, and keeps it locally', async () => {
		world = await createStoreWorld({ roomBytes: 1024 * 1024, totalBytes: 1 << 30, idleMs: 60_000 });
		const key = await newRoomKey();
		const a = boardWith(1);
		const copyA = await world.copyOf(a.doc, key);
		const strokes = [
			...sceneStrokes({ count: 1500, points: 200, width: 500, height: 500, seed: 2 })
		];
		a.board.batch(() => {
			for (const stroke of strokes) a.board.add(stroke);
		});
		await copyA.flushNow();
		expect(copyA.state.status).toBe('refused');
		expect(copyA.state.lastError).toBe(
			'this relay keeps no more of this board; it stays in your browser and with peers'
		);
		expect(a.board.elements()).toHaveLength(1501);
	});
});
