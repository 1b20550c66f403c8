// The appends still to be copied to each peered relay, on disk (`replication.sqlite` next to
// the board store), so a peer that is down, or this relay restarting, loses none: a peer's rows
// go once it has answered them. At most `maxBytesPerPeer` wait for one peer; past it the oldest
// are dropped (and counted), and that peer gets the board from browsers later instead.
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const OUTBOX_FILE = 'replication.sqlite';

export interface OutboxRow {
	id: number;
	request: Uint8Array;
}

export class ReplicationOutbox {
	readonly #db: Database.Database;
	readonly #maxBytesPerPeer: number;
	readonly #sql;
	/** Rows dropped because a peer's share was full. */
	dropped = 0;

	private constructor(db: Database.Database, maxBytesPerPeer: number) {
		this.#db = db;
		this.#maxBytesPerPeer = maxBytesPerPeer;
		this.#sql = {
			add: db.prepare('INSERT INTO outbox (peer, request) VALUES (?, ?)'),
			next: db.prepare('SELECT id, request FROM outbox WHERE peer = ? ORDER BY id LIMIT ?'),
			done: db.prepare('DELETE FROM outbox WHERE id = ?'),
			bytes: db
				.prepare('SELECT IFNULL(SUM(length(request)), 0) FROM outbox WHERE peer = ?')
				.pluck(),
			oldest: db.prepare(
				'SELECT id, length(request) AS size FROM outbox WHERE peer = ? ORDER BY id LIMIT 64'
			),
			count: db.prepare('SELECT COUNT(*) FROM outbox WHERE peer = ?').pluck()
		};
	}

	/** Opens (or creates) the outbox in `dir` (the board store's directory), or in memory. */
	static open(dir: string | ':memory:', maxBytesPerPeer = 256 * 1024 * 1024): ReplicationOutbox {
		const db = new Database(dir === ':memory:' ? ':memory:' : join(dir, OUTBOX_FILE));
		db.pragma('journal_mode = WAL');
		db.pragma('synchronous = NORMAL');
		db.exec(
			'CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, peer TEXT NOT NULL, request BLOB NOT NULL);' +
				'CREATE INDEX IF NOT EXISTS outbox_peer ON outbox (peer, id);'
		);
		return new ReplicationOutbox(db, maxBytesPerPeer);
	}

	/** Queues `request` for `peer`, dropping its oldest rows if its share is full. */
	add(peer: string, request: Uint8Array): void {
		this.#db.transaction(() => {
			let bytes = (this.#sql.bytes.get(peer) as number) + request.length;
			while (bytes > this.#maxBytesPerPeer) {
				const oldest = this.#sql.oldest.all(peer) as Array<{ id: number; size: number }>;
				if (oldest.length === 0) break;
				for (const row of oldest) {
					if (bytes <= this.#maxBytesPerPeer) break;
					this.#sql.done.run(row.id);
					bytes -= row.size;
					this.dropped++;
				}
			}
			this.#sql.add.run(peer, request);
		})();
	}

	/** The oldest rows waiting for `peer`. */
	next(peer: string, limit = 64): OutboxRow[] {
		return (this.#sql.next.all(peer, limit) as Array<{ id: number; request: Buffer }>).map(
			(row) => ({ id: row.id, request: new Uint8Array(row.request) })
		);
	}

	/** The peer answered the row (stored it, or refused it for good). */
	done(id: number): void {
		this.#sql.done.run(id);
	}

	waiting(peer: string): number {
		return this.#sql.count.get(peer) as number;
	}

	close(): void {
		this.#db.close();
	}
}
