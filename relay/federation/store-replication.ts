// Copies each board write a browser makes on this relay to every peered relay that is connected,
// as the same signed `/whiteboard/store/1.0.0` append request (PROTOCOL.md, "Relay store"): the
// other relay checks the room's signature itself and applies its own limits, so a board saved
// through one relay opens through any of them. Appends only: a snapshot names sequence numbers
// of this relay's log, which mean nothing in another's (each relay compacts its own log, from
// the snapshots browsers upload to it). Writes that came from a peered relay are not passed on,
// so relays peer in a full mesh. Sends are queued per peer, in order, and never block the answer.
import type { Connection, PeerId } from '@libp2p/interface';
import { lpStream } from '@libp2p/utils';
import {
	decodeAnswer,
	MAX_STORE_HEADER_BYTES,
	STORE_PROTOCOL
} from '../../src/lib/store/store-wire.ts';

const SEND_TIMEOUT_MS = 10_000;
/** Appends queued per peer; beyond it the oldest are dropped (the peer is too slow or stuck). */
const MAX_QUEUE = 1000;

export interface ReplicationStats {
	sent: number;
	refused: number;
	failed: number;
	dropped: number;
}

export interface StoreReplicationOptions {
	connectionsOf: (peer: PeerId) => Connection[];
	/** The peered relays connected now. */
	peers: () => PeerId[];
	isPeer: (peer: PeerId) => boolean;
	onRefused?: (peer: string, code: string, message: string) => void;
}

export class StoreReplication {
	readonly stats: ReplicationStats = { sent: 0, refused: 0, failed: 0, dropped: 0 };
	readonly #opts: StoreReplicationOptions;
	readonly #queues = new Map<string, Uint8Array[]>();
	readonly #sending = new Set<string>();

	constructor(options: StoreReplicationOptions) {
		this.#opts = options;
	}

	/** StoreService's `onAppended`. */
	appended = (request: Uint8Array, from: PeerId): void => {
		if (this.#opts.isPeer(from)) return;
		for (const peer of this.#opts.peers()) {
			const id = peer.toString();
			const queue = this.#queues.get(id) ?? [];
			queue.push(request.slice());
			if (queue.length > MAX_QUEUE) {
				queue.shift();
				this.stats.dropped++;
			}
			this.#queues.set(id, queue);
			void this.#drain(peer);
		}
	};

	/** Resolves when nothing is queued or being sent (tests, shutdown). */
	async idle(): Promise<void> {
		while (this.#sending.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
	}

	async #drain(peer: PeerId): Promise<void> {
		const id = peer.toString();
		if (this.#sending.has(id)) return;
		this.#sending.add(id);
		try {
			const queue = this.#queues.get(id) ?? [];
			for (let request = queue.shift(); request != null; request = queue.shift()) {
				await this.#send(peer, request);
			}
		} finally {
			this.#sending.delete(id);
		}
	}

	async #send(peer: PeerId, request: Uint8Array): Promise<void> {
		const connection = this.#opts.connectionsOf(peer).find((conn) => conn.limits == null);
		if (connection == null) {
			this.stats.failed++;
			return;
		}
		const signal = AbortSignal.timeout(SEND_TIMEOUT_MS);
		try {
			const stream = await connection.newStream(STORE_PROTOCOL, { signal });
			const lp = lpStream(stream, { maxDataLength: MAX_STORE_HEADER_BYTES });
			await lp.write(request, { signal });
			const answer = decodeAnswer((await lp.read({ signal })).subarray());
			await stream.close({ signal }).catch(() => {});
			if (answer.ok) {
				this.stats.sent++;
			} else {
				this.stats.refused++;
				this.#opts.onRefused?.(peer.toString(), answer.code, answer.message);
			}
		} catch {
			this.stats.failed++;
		}
	}
}
