/**
 * The HTTP read body read as it arrives (frame-reader.ts): whatever the chunk boundaries, the
 * same messages as unframeMessages reads from the whole body; a truncated or oversized body is
 * refused. And an answer opened part by part as its messages come (early-copy-open.ts) is what
 * opening the whole read gives.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board.ts';
import { randomRoomKey, RoomKey } from '../../src/lib/crypto/room-key.ts';
import {
	BATCH_BYTES,
	openEarlyCopy,
	openStreamedCopy
} from '../../src/lib/room/early-copy-open.ts';
import { CopyCipher, snapshotOf } from '../../src/lib/store/copy-codec.ts';
import { sceneStrokes } from '../../src/lib/probe/strokes.ts';
import type { OpenedCopy } from '../../src/lib/store/copy-open.ts';
import { StoreRefusedError } from '../../src/lib/store/copy-read.ts';
import { FrameReader } from '../../src/lib/store/frame-reader.ts';
import {
	encodeAnswer,
	encodeEntry,
	frameMessages,
	unframeMessages
} from '../../src/lib/store/store-wire.ts';
import { TEXT_ELEMENT } from './support/elements.ts';

function chunksOf(body: Uint8Array, size: number): Uint8Array[] {
	const chunks: Uint8Array[] = [];
	for (let at = 0; at < body.length; at += size) chunks.push(body.slice(at, at + size));
	return chunks;
}

describe('FrameReader', () => {
	const messages = [new Uint8Array(0), new Uint8Array(3).fill(7), new Uint8Array(300).fill(9)];
	const body = frameMessages(messages);

	it('gives the messages of the body, however it is cut', () => {
		for (const size of [1, 2, 3, 7, 64, body.length]) {
			const reader = new FrameReader(1000);
			const got = chunksOf(body, size).flatMap((chunk) => reader.push(chunk));
			reader.end();
			expect(got).toEqual(unframeMessages(body));
		}
	});

	it('refuses a body that ends inside a message or its length, and a message over the limit', () => {
		for (const cut of [body.length - 1, 2]) {
			const reader = new FrameReader(1000);
			reader.push(body.subarray(0, cut));
			expect(() => reader.end()).toThrow(/truncated/);
		}
		expect(() => new FrameReader(100).push(body)).toThrow(/over 100 bytes/);
		expect(() => new FrameReader(100).push(new Uint8Array(6).fill(0xff))).toThrow(/too long/);
	});
});

describe('openStreamedCopy', () => {
	async function answer(entries: Uint8Array[]) {
		const key = await RoomKey.fromFragment(randomRoomKey());
		const cipher = new CopyCipher(key.store, key.topicId);
		const sealed = await Promise.all(entries.map((e) => cipher.sealEntry(e)));
		const header = encodeAnswer({
			ok: true,
			seq: sealed.length,
			roomBytes: 1,
			roomLimit: 2,
			snapshotCovers: 0,
			entries: sealed.length
		});
		const messages = [header, ...sealed.map((data, i) => encodeEntry({ seq: i + 1, data }))];
		return { key, messages };
	}
	const feed = (messages: Uint8Array[]) => {
		let next = 0;
		return async () => messages[next++] ?? null;
	};

	it('opens the parts as they come, as opening the whole read would', async () => {
		const doc = new Y.Doc();
		new Board(doc).add(TEXT_ELEMENT);
		// An element that is not a map: the board check refuses it.
		const bad = new Y.Doc();
		bad.getMap('elements').set('x', 'not a map');
		const { key, messages } = await answer([
			Y.encodeStateAsUpdate(doc),
			Y.encodeStateAsUpdate(bad)
		]);
		const batches: OpenedCopy[] = [];
		const read = await openStreamedCopy(feed(messages), key.store.key, key.topicId, (batch) =>
			batches.push(batch)
		);
		expect(read.entries.map((e) => e.seq)).toEqual([1, 2]);
		const opened = { snapshot: null, entries: batches.flatMap((batch) => batch.entries) };
		expect(opened).toEqual(await openEarlyCopy(read, key.store.key, key.topicId));
		expect(opened.entries.map((e) => e.ok)).toEqual([true, false]);
	});

	it('hands the opened parts on in order, in batches of about BATCH_BYTES, the snapshot first', async () => {
		const key = await RoomKey.fromFragment(randomRoomKey());
		const cipher = new CopyCipher(key.store, key.topicId);
		const strokes = (seed: number) => {
			const board = new Board(new Y.Doc());
			board.batch(() => {
				for (const s of sceneStrokes({ count: 150, points: 200, width: 2000, height: 2000, seed }))
					board.add(s);
			});
			return Y.encodeStateAsUpdate(board.doc);
		};
		const entries = [1, 2, 3, 4].map(strokes);
		const snapshotDoc = new Y.Doc();
		new Board(snapshotDoc).add(TEXT_ELEMENT);
		const header = encodeAnswer({
			ok: true,
			seq: 5,
			roomBytes: 1,
			roomLimit: 2,
			snapshotCovers: 1,
			entries: entries.length
		});
		const sealed = await Promise.all(entries.map((e) => cipher.sealEntry(e)));
		const messages = [
			header,
			await cipher.sealSnapshot(snapshotOf(snapshotDoc)),
			...sealed.map((data, i) => encodeEntry({ seq: i + 2, data }))
		];
		const batches: OpenedCopy[] = [];
		const read = await openStreamedCopy(feed(messages), key.store.key, key.topicId, (batch) =>
			batches.push(batch)
		);
		expect(batches.length).toBeGreaterThanOrEqual(2);
		expect(batches[0]!.snapshot?.ok).toBe(true);
		for (const batch of batches.slice(1)) expect(batch.snapshot).toBeNull();
		const whole = await openEarlyCopy(read, key.store.key, key.topicId);
		expect(batches.flatMap((batch) => batch.entries)).toEqual(whole.entries);
		expect(whole.entries.map((e) => e.ok && e.value.length)).toEqual(entries.map((e) => e.length));
		// A batch is handed on as soon as it holds BATCH_BYTES: only its last part may cross it.
		for (const batch of batches) {
			const sizes = batch.entries.map((e) => (e.ok ? e.value.length : 0));
			expect(sizes.slice(0, -1).reduce((sum, n) => sum + n, 0)).toBeLessThan(BATCH_BYTES);
		}
	});

	it('refuses an answer that ends early or goes on, and passes on a refusal', async () => {
		const { key, messages } = await answer([new Uint8Array(5)]);
		const open = (m: Uint8Array[]) =>
			openStreamedCopy(feed(m), key.store.key, key.topicId, () => {});
		await expect(open(messages.slice(0, 1))).rejects.toThrow(/ends early/);
		await expect(open([...messages, messages[1]!])).rejects.toThrow(/trailing/);
		const refusal = encodeAnswer({ ok: false, code: 'rate-limited', message: 'slow down' });
		await expect(open([refusal])).rejects.toBeInstanceOf(StoreRefusedError);
	});
});
