// The relay's copy of the boards: per topic id, a log of encrypted entries and the two latest
// encrypted snapshots, in SQLite (better-sqlite3). The relay holds only ciphertext; it cannot
// tell what an entry or snapshot says. Every write is one transaction in WAL mode with
// synchronous=FULL: once a write is answered, a crash or kill -9 cannot lose it, and a write cut
// short leaves nothing behind. See PROTOCOL.md, "Relay store".
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RefusalCode } from '../src/lib/store/store-wire.ts';

export interface StoreLimits {
	/** Bytes one room may hold (entries and snapshots). */
	roomBytes: number;
	/** Bytes all rooms together may hold. */
	totalBytes: number;
	/** A room nobody read or wrote for this long is deleted. */
	idleMs: number;
}

export type StoreResult = { ok: true; seq: number; roomBytes: number } | StoreRefusal;
export type StoreRefusal = { ok: false; code: RefusalCode; message: string };

export interface StoredCopy {
	/** The highest sequence number the room has (0 for a room the relay does not hold). */
	seq: number;
	roomBytes: number;
	snapshot: { covers: number; data: Uint8Array } | null;
	entries: { seq: number; data: Uint8Array }[];
}

export interface BoardStoreStats {
	rooms: number;
	bytes: number;
}

const SCHEMA_VERSION = 1;
/** How stale a room's last-used time may get from reads before a read updates it. */
const TOUCH_AFTER_MS = 3_600_000;
export const STORE_FILE = 'boards.sqlite';

class Refused extends Error {
	constructor(
		readonly code: RefusalCode,
		message: string
	) {
		super(message);
	}
}

export class BoardStore {
	/** The directory the store lives in. */
	readonly dir: string;
	readonly #db: Database.Database;
	readonly #limits: StoreLimits;
	readonly #now: () => number;
	#totalBytes: number;
	readonly #sql;

	private constructor(dir: string, db: Database.Database, limits: StoreLimits, now: () => number) {
		this.dir = dir;
		this.#db = db;
		this.#limits = limits;
		this.#now = now;
		this.#sql = {
			touch: db.prepare(
				'INSERT INTO rooms (topic, bytes, last_used) VALUES (?, 0, ?) ' +
					'ON CONFLICT(topic) DO UPDATE SET last_used = excluded.last_used'
			),
			roomBytes: db.prepare('SELECT bytes FROM rooms WHERE topic = ?').pluck(),
			room: db.prepare('SELECT bytes, last_used FROM rooms WHERE topic = ?'),
			setBytes: db.prepare('UPDATE rooms SET bytes = ? WHERE topic = ?'),
			measure: db
				.prepare(
					'SELECT (SELECT IFNULL(SUM(length(data)), 0) FROM entries WHERE topic = @topic) + ' +
						'(SELECT IFNULL(SUM(length(data)), 0) FROM snapshots WHERE topic = @topic)'
				)
				.pluck(),
			entryByHash: db.prepare('SELECT seq FROM entries WHERE topic = ? AND hash = ?').pluck(),
			insertEntry: db.prepare('INSERT INTO entries (topic, hash, data) VALUES (?, ?, ?)'),
			maxEntry: db.prepare('SELECT MAX(seq) FROM entries WHERE topic = ?').pluck(),
			snapshotData: db.prepare('SELECT data FROM snapshots WHERE topic = ? AND covers = ?').pluck(),
			snapshotCovers: db
				.prepare('SELECT covers FROM snapshots WHERE topic = ? ORDER BY covers DESC')
				.pluck(),
			insertSnapshot: db.prepare(
				'INSERT INTO snapshots (topic, covers, data, created) VALUES (?, ?, ?, ?)'
			),
			dropSnapshotsBelow: db.prepare('DELETE FROM snapshots WHERE topic = ? AND covers < ?'),
			dropEntriesUpTo: db.prepare('DELETE FROM entries WHERE topic = ? AND seq <= ?'),
			entriesAfter: db.prepare(
				'SELECT seq, data FROM entries WHERE topic = ? AND seq > ? ORDER BY seq'
			),
			idle: db.prepare('SELECT topic FROM rooms WHERE last_used < ?').pluck(),
			dropRoom: db.prepare('DELETE FROM rooms WHERE topic = ?'),
			dropRoomEntries: db.prepare('DELETE FROM entries WHERE topic = ?'),
			dropRoomSnapshots: db.prepare('DELETE FROM snapshots WHERE topic = ?'),
			totals: db.prepare('SELECT COUNT(*) AS rooms, IFNULL(SUM(bytes), 0) AS bytes FROM rooms')
		};
		this.#totalBytes = this.stats().bytes;
	}

	/** Opens (or creates) the store in `dir`; throws with a clear message if it cannot. */
	static open(dir: string, limits: StoreLimits, now: () => number = Date.now): BoardStore {
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		const db = new Database(join(dir, STORE_FILE));
		try {
			db.pragma('journal_mode = WAL');
			db.pragma('synchronous = FULL');
			db.pragma('foreign_keys = ON');
			// Reads map the file instead of copying pages through SQLite's cache: reading an 8 MB
			// snapshot takes about half as long. Writes still go through the journal.
			db.pragma('mmap_size = 268435456');
			const version = db.pragma('user_version', { simple: true }) as number;
			if (version > SCHEMA_VERSION) {
				throw new Error(
					`${join(dir, STORE_FILE)} was written by a newer relay (schema ${version}); upgrade the relay`
				);
			}
			db.exec(`
				CREATE TABLE IF NOT EXISTS rooms (
					topic TEXT PRIMARY KEY, bytes INTEGER NOT NULL, last_used INTEGER NOT NULL
				) WITHOUT ROWID;
				CREATE TABLE IF NOT EXISTS entries (
					seq INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, hash BLOB NOT NULL,
					data BLOB NOT NULL
				);
				CREATE INDEX IF NOT EXISTS entries_by_topic ON entries (topic, seq);
				CREATE UNIQUE INDEX IF NOT EXISTS entries_by_hash ON entries (topic, hash);
				CREATE TABLE IF NOT EXISTS snapshots (
					topic TEXT NOT NULL, covers INTEGER NOT NULL, data BLOB NOT NULL,
					created INTEGER NOT NULL, PRIMARY KEY (topic, covers)
				) WITHOUT ROWID;
			`);
			db.pragma(`user_version = ${SCHEMA_VERSION}`);
		} catch (err) {
			db.close();
			throw err;
		}
		return new BoardStore(dir, db, limits, now);
	}

	/**
	 * The room's copy for a reader that has everything up to `since`: generation 0 is the latest
	 * snapshot (left out if `since` is past it) and the entries after it; generation 1 is the
	 * snapshot before that and every entry after it (for a reader that could not use the latest).
	 */
	read(topic: string, since: number, generation: 0 | 1): StoredCopy {
		return this.#db.transaction(() => {
			const room = this.#sql.room.get(topic) as { bytes: number; last_used: number } | undefined;
			if (room === undefined) return { seq: 0, roomBytes: 0, snapshot: null, entries: [] };
			const bytes = room.bytes;
			// A read keeps the room alive, but writes that down only now and then: a read that
			// writes would wait for the disk (synchronous=FULL) on every join.
			const now = this.#now();
			if (now - room.last_used > Math.min(TOUCH_AFTER_MS, this.#limits.idleMs / 10)) {
				this.#sql.touch.run(topic, now);
			}
			// Only the chosen generation's data is read: a snapshot can be megabytes.
			const held = this.#sql.snapshotCovers.all(topic) as number[];
			const chosen = generation === 0 ? held[0] : held[1];
			const latest = held[0] ?? 0;
			const maxEntry = (this.#sql.maxEntry.get(topic) as number | null) ?? 0;
			const covers = chosen != null && chosen > since ? chosen : null;
			const snapshot =
				covers == null
					? null
					: { covers, data: this.#sql.snapshotData.get(topic, covers) as Buffer };
			const after = Math.max(since, covers ?? 0);
			const entries = this.#sql.entriesAfter.all(topic, after) as { seq: number; data: Buffer }[];
			return { seq: Math.max(latest, maxEntry), roomBytes: bytes, snapshot, entries };
		})();
	}

	/** Appends one entry; an entry the room holds already keeps its sequence number. */
	append(topic: string, data: Uint8Array): StoreResult {
		return this.#write(topic, () => {
			const hash = createHash('sha256').update(data).digest();
			const existing = this.#sql.entryByHash.get(topic, hash) as number | undefined;
			if (existing !== undefined) return existing;
			const bytes = (this.#sql.roomBytes.get(topic) as number) + data.length;
			this.#checkRoom(bytes, 'this relay keeps no more of this board');
			return Number(this.#sql.insertEntry.run(topic, hash, data).lastInsertRowid);
		});
	}

	/**
	 * Stores a snapshot that covers every entry up to `covers`, which must be newer than the
	 * latest snapshot and not past the room's last entry. The previous snapshot and the entries
	 * after it stay (a reader that cannot use the new one falls back to them) unless that would
	 * not fit the room's limit; entries both snapshots cover are dropped.
	 */
	putSnapshot(topic: string, covers: number, data: Uint8Array): StoreResult {
		return this.#write(topic, () => {
			const held = this.#sql.snapshotCovers.all(topic) as number[];
			const latest = held[0] ?? 0;
			const maxEntry = (this.#sql.maxEntry.get(topic) as number | null) ?? 0;
			if (covers <= latest) {
				throw new Refused('stale-snapshot', `a snapshot covering ${latest} is there already`);
			}
			if (covers > maxEntry) {
				throw new Refused('stale-snapshot', `the room has no entry ${covers}`);
			}
			this.#sql.insertSnapshot.run(topic, covers, data, this.#now());
			// Keep two generations: the new snapshot, and the one before with the entries after it.
			this.#sql.dropSnapshotsBelow.run(topic, latest);
			this.#sql.dropEntriesUpTo.run(topic, latest);
			if ((this.#measure(topic) as number) > this.#limits.roomBytes) {
				// Only one generation fits: the new snapshot replaces everything it covers.
				this.#sql.dropSnapshotsBelow.run(topic, covers);
				this.#sql.dropEntriesUpTo.run(topic, covers);
			}
			this.#checkRoom(this.#measure(topic) as number, 'the snapshot is larger than a room may be');
			return covers;
		});
	}

	/** Deletes every room idle for longer than the limit; returns how many. */
	expireIdle(): number {
		return this.#db.transaction(() => {
			const idle = this.#sql.idle.all(this.#now() - this.#limits.idleMs) as string[];
			for (const topic of idle) this.#dropRoom(topic);
			this.#totalBytes = this.stats().bytes;
			return idle.length;
		})();
	}

	stats(): BoardStoreStats {
		return this.#sql.totals.get() as BoardStoreStats;
	}

	close(): void {
		this.#db.close();
	}

	/** One write transaction: `write` returns the sequence number; a throw rolls everything back. */
	#write(topic: string, write: () => number): StoreResult {
		try {
			return this.#db.transaction(() => {
				const before = (this.#sql.roomBytes.get(topic) as number | undefined) ?? 0;
				this.#sql.touch.run(topic, this.#now());
				const seq = write();
				const roomBytes = this.#measure(topic) as number;
				const total = this.#totalBytes - before + roomBytes;
				if (roomBytes > before && total > this.#limits.totalBytes) {
					throw new Refused('store-full', 'this relay is full');
				}
				this.#sql.setBytes.run(roomBytes, topic);
				this.#totalBytes = total;
				return { ok: true as const, seq, roomBytes };
			})();
		} catch (err) {
			if (err instanceof Refused) return { ok: false, code: err.code, message: err.message };
			throw err;
		}
	}

	#measure(topic: string): number {
		return this.#sql.measure.get({ topic }) as number;
	}

	#checkRoom(bytes: number, message: string): void {
		if (bytes > this.#limits.roomBytes) {
			throw new Refused('room-full', `${message} (limit ${this.#limits.roomBytes} bytes)`);
		}
	}

	#dropRoom(topic: string): void {
		this.#sql.dropRoomEntries.run(topic);
		this.#sql.dropRoomSnapshots.run(topic);
		this.#sql.dropRoom.run(topic);
	}
}
