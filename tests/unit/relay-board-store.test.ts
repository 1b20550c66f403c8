import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoardStore, type StoreLimits } from '../../relay/board-store.ts';

const LIMITS: StoreLimits = { roomBytes: 1000, totalBytes: 3000, idleMs: 60_000 };
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('BoardStore', () => {
	let dir: string;
	let now: number;
	let store: BoardStore;
	const open = (limits = LIMITS) => BoardStore.open(dir, limits, () => now);

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'board-store-'));
		now = 1_000_000;
		store = open();
	});
	afterEach(() => {
		store.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('appends entries with rising sequence numbers and reads them back after a reopen', () => {
		const first = store.append('room', bytes(10, 1));
		const second = store.append('room', bytes(10, 2));
		expect(first).toMatchObject({ ok: true, roomBytes: 10 });
		expect(second).toMatchObject({ ok: true, roomBytes: 20 });
		if (!first.ok || !second.ok) throw new Error('refused');
		expect(second.seq).toBeGreaterThan(first.seq);
		store.close();
		store = open();
		const copy = store.read('room', 0, 0);
		expect(copy.seq).toBe(second.seq);
		expect(copy.entries.map((e) => [e.seq, e.data[0]])).toEqual([
			[first.seq, 1],
			[second.seq, 2]
		]);
		expect(store.read('room', first.seq, 0).entries.map((e) => e.seq)).toEqual([second.seq]);
	});

	it('keeps one copy of an entry written twice (a retried append)', () => {
		const first = store.append('room', bytes(10, 7));
		const again = store.append('room', bytes(10, 7));
		expect(again).toEqual(first);
		expect(store.read('room', 0, 0).entries).toHaveLength(1);
	});

	it('keeps rooms apart and reads an unknown room as empty', () => {
		store.append('a', bytes(10));
		expect(store.read('b', 0, 0)).toEqual({ seq: 0, roomBytes: 0, snapshot: null, entries: [] });
		expect(store.stats()).toEqual({ rooms: 1, bytes: 10 });
	});

	it('refuses an entry that would take a room over its limit, and keeps serving', () => {
		expect(store.append('room', bytes(900)).ok).toBe(true);
		expect(store.append('room', bytes(200, 2))).toMatchObject({ ok: false, code: 'room-full' });
		expect(store.append('other', bytes(200, 2)).ok).toBe(true);
		expect(store.read('room', 0, 0).entries).toHaveLength(1);
	});

	it('refuses writes once all rooms together reach the total limit', () => {
		for (const room of ['a', 'b', 'c']) expect(store.append(room, bytes(990)).ok).toBe(true);
		expect(store.append('d', bytes(100))).toMatchObject({ ok: false, code: 'store-full' });
		expect(store.stats().rooms).toBe(3);
	});

	it('compacts: a snapshot drops what the one before it covers, keeping two generations', () => {
		const seqs = [1, 2, 3].map((fill) => {
			const result = store.append('room', bytes(10, fill));
			if (!result.ok) throw new Error('refused');
			return result.seq;
		});
		const [s1, s2, s3] = seqs as [number, number, number];
		expect(store.putSnapshot('room', s2, bytes(30, 9)).ok).toBe(true);
		// The first generation keeps every entry (nothing came before it).
		expect(store.read('room', 0, 0)).toMatchObject({
			snapshot: { covers: s2 },
			entries: [{ seq: s3 }]
		});
		expect(store.read('room', 0, 1).entries.map((e) => e.seq)).toEqual([s1, s2, s3]);
		const s4 = store.append('room', bytes(10, 4));
		if (!s4.ok) throw new Error('refused');
		expect(store.putSnapshot('room', s4.seq, bytes(40, 8)).ok).toBe(true);
		// Entries up to s2 are in both snapshots now: gone. The previous generation stays readable.
		expect(store.read('room', 0, 0)).toMatchObject({
			seq: s4.seq,
			snapshot: { covers: s4.seq },
			entries: []
		});
		expect(store.read('room', 0, 1)).toMatchObject({
			snapshot: { covers: s2 },
			entries: [{ seq: s3 }, { seq: s4.seq }]
		});
		expect(store.read('room', 0, 0).roomBytes).toBe(30 + 40 + 10 + 10);
		// A reader that has everything up to the snapshot gets only what follows it.
		expect(store.read('room', s4.seq, 0)).toMatchObject({ snapshot: null, entries: [] });
	});

	it('refuses a snapshot older than the latest or past the last entry', () => {
		const a = store.append('room', bytes(10, 1));
		const b = store.append('room', bytes(10, 2));
		if (!a.ok || !b.ok) throw new Error('refused');
		expect(store.putSnapshot('room', b.seq + 1, bytes(5))).toMatchObject({
			ok: false,
			code: 'stale-snapshot'
		});
		expect(store.putSnapshot('room', b.seq, bytes(5)).ok).toBe(true);
		expect(store.putSnapshot('room', a.seq, bytes(5))).toMatchObject({
			ok: false,
			code: 'stale-snapshot'
		});
		expect(store.putSnapshot('room', b.seq, bytes(6))).toMatchObject({ code: 'stale-snapshot' });
	});

	it('lets a snapshot into a full room: it replaces what it covers when two generations do not fit', () => {
		const seqs: number[] = [];
		for (let i = 0; i < 9; i++) {
			const result = store.append('room', bytes(100, i + 1));
			if (!result.ok) throw new Error('refused');
			seqs.push(result.seq);
		}
		expect(store.append('room', bytes(200, 99))).toMatchObject({ code: 'room-full' });
		const last = seqs.at(-1) as number;
		const result = store.putSnapshot('room', last, bytes(300, 42));
		expect(result).toMatchObject({ ok: true, roomBytes: 300 });
		expect(store.read('room', 0, 0)).toMatchObject({ snapshot: { covers: last }, entries: [] });
		expect(store.append('room', bytes(200, 99)).ok).toBe(true);
	});

	it('deletes rooms nobody read or wrote for longer than the idle limit', () => {
		store.append('old', bytes(10));
		now += 50_000;
		store.append('recent', bytes(10));
		now += 20_000;
		expect(store.expireIdle()).toBe(1);
		expect(store.read('old', 0, 0).seq).toBe(0);
		expect(store.read('recent', 0, 0).entries).toHaveLength(1);
		expect(store.stats()).toEqual({ rooms: 1, bytes: 10 });
		// Reading keeps a room alive too.
		now += 50_000;
		expect(store.expireIdle()).toBe(0);
	});
});
