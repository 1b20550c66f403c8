// Copies each board write a browser makes on this relay to every peered relay that is connected,
// as the same signed `/whiteboard/store/1.0.0` append request (PROTOCOL.md, "Relay store"): the
// other relay checks the room's signature itself and applies its own limits, so a board saved
// through one relay opens through any of them. Appends only: a snapshot names sequence numbers
// of this relay's log, which mean nothing in another's (each relay compacts its own log, from
// the snapshots browsers upload to it). Writes that came from a peered relay are not passed on,
// so relays peer in a full mesh. Each append waits in a per-peer outbox on disk
// (replication-outbox.ts) until that peer has answered it, so a peer that was down, or this relay
// restarting, loses none; sending never blocks the browser's answer.
import type { Connection, PeerId } from '@libp2p/interface';
import { lpStream } from '@libp2p/utils';
import type { ReplicationOutbox } from './replication-outbox.ts';
import {
	decodeAnswer,
	MAX_STORE_HEADER_BYTES,
	STORE_PROTOCOL,
	type RefusalCode
} from '../../src/lib/store/store-wire.ts';

const SEND_TIMEOUT_MS = 10_000;
/** After a failed or rate-limited send, the next try for that peer. */
const RETRY_MS = 2000;
/** Refusals a retry can change; any other answer ends the row. */
const PASSING_REFUSALS = new Set<RefusalCode>(['rate-limited', 'failed']);

export interface ReplicationStats {
	sent: number;
	refused: number;
	failed: number;
}

export interface StoreReplicationOptions {
	outbox: ReplicationOutbox;
	connectionsOf: (peer: PeerId) => Connection[];
	/** Every configured peered relay, connected or not. */
	peers: PeerId[];
	isPeer: (peer: PeerId) => boolean;
	onRefused?: (peer: string, code: string, message: string) => void;
}

type Sent = 'done' | 'retry';

export class StoreReplication {
	readonly stats: ReplicationStats = { sent: 0, refused: 0, failed: 0 };
	readonly #opts: StoreReplicationOptions;
	readonly #sending = new Set<string>();
	readonly #retries = new Map<string, ReturnType<typeof setTimeout>>();
	#stopped = false;

	constructor(options: StoreReplicationOptions) {
		this.#opts = options;
	}

	/** StoreService's `onAppended`. */
	appended = (request: Uint8Array, from: PeerId): void => {
		if (this.#opts.isPeer(from) || this.#stopped) return;
		for (const peer of this.#opts.peers) {
			this.#opts.outbox.add(peer.toString(), request);
			void this.drain(peer);
		}
	};

	/** Sends what waits for `peer`, in order, while it is connected (also on every reconnect). */
	async drain(peer: PeerId): Promise<void> {
		const id = peer.toString();
		if (this.#sending.has(id) || this.#stopped) return;
		this.#sending.add(id);
		try {
			for (
				let rows = this.#opts.outbox.next(id);
				rows.length > 0;
				rows = this.#opts.outbox.next(id)
			) {
				for (const row of rows) {
					if ((await this.#send(peer, row.request)) === 'retry') return this.#retryLater(peer);
					this.#opts.outbox.done(row.id);
				}
			}
		} finally {
			this.#sending.delete(id);
		}
	}

	stop(): void {
		this.#stopped = true;
		for (const timer of this.#retries.values()) clearTimeout(timer);
		this.#retries.clear();
	}

	#retryLater(peer: PeerId): void {
		const id = peer.toString();
		if (this.#retries.has(id) || this.#stopped) return;
		const timer = setTimeout(() => {
			this.#retries.delete(id);
			void this.drain(peer);
		}, RETRY_MS);
		timer.unref?.();
		this.#retries.set(id, timer);
	}

	async #send(peer: PeerId, request: Uint8Array): Promise<Sent> {
		const connection = this.#opts.connectionsOf(peer).find((conn) => conn.limits == null);
		// Not connected: the rows wait for the next connection (Federation calls drain then).
		if (connection == null) return 'retry';
		const signal = AbortSignal.timeout(SEND_TIMEOUT_MS);
		try {
			const stream = await connection.newStream(STORE_PROTOCOL, { signal });
			const lp = lpStream(stream, { maxDataLength: MAX_STORE_HEADER_BYTES });
			await lp.write(request, { signal });
			const answer = decodeAnswer((await lp.read({ signal })).subarray());
			await stream.close({ signal }).catch(() => {});
			if (answer.ok) {
				this.stats.sent++;
				return 'done';
			}
			this.stats.refused++;
			this.#opts.onRefused?.(peer.toString(), answer.code, answer.message);
			return PASSING_REFUSALS.has(answer.code) ? 'retry' : 'done';
		} catch {
			this.stats.failed++;
			return 'retry';
		}
	}
}
