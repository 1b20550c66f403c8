// Tells a browser what the relay refused it (PROTOCOL.md, "Relay notices"), on the browser's own
// connection: the relay never dials anyone for this. At most `perPeer` notices per peer and
// window, so a client that asks for thousands of topics gets a few notices, not thousands of
// streams. Failures (an old browser without the protocol, a closed connection) are only counted.
import { lpStream } from '@libp2p/utils';
import type { Connection, PeerId } from '@libp2p/interface';
import {
	encodeNotice,
	RELAY_NOTICE_PROTOCOL,
	type TopicRefusedNotice
} from '../src/lib/p2p/relay-notice-wire.ts';

export interface RelayNoticesOptions {
	connectionsOf: (peer: PeerId) => Connection[];
	/** @default 8 */
	perPeer?: number;
	/** @default 60000 */
	windowMs?: number;
	now?: () => number;
}

export interface RelayNoticesStats {
	sent: number;
	dropped: number;
	failed: number;
}

const SEND_TIMEOUT_MS = 5000;

export class RelayNotices {
	readonly stats: RelayNoticesStats = { sent: 0, dropped: 0, failed: 0 };
	readonly #opts: Required<RelayNoticesOptions>;
	readonly #windows = new Map<string, { start: number; count: number }>();

	constructor(options: RelayNoticesOptions) {
		this.#opts = { perPeer: 8, windowMs: 60_000, now: Date.now, ...options };
	}

	/** Sends in the background; resolves once it was sent, dropped or failed. */
	async send(peer: PeerId, notice: TopicRefusedNotice): Promise<void> {
		if (!this.#allowed(peer.toString())) {
			this.stats.dropped++;
			return;
		}
		const connection = this.#opts.connectionsOf(peer).find((conn) => conn.limits == null);
		if (connection == null) {
			this.stats.dropped++;
			return;
		}
		const signal = AbortSignal.timeout(SEND_TIMEOUT_MS);
		try {
			const stream = await connection.newStream(RELAY_NOTICE_PROTOCOL, { signal });
			await lpStream(stream).write(encodeNotice(notice), { signal });
			await stream.close({ signal });
			this.stats.sent++;
		} catch {
			this.stats.failed++;
		}
	}

	/** Forgets a peer that left. */
	forget(peer: PeerId): void {
		this.#windows.delete(peer.toString());
	}

	#allowed(peer: string): boolean {
		const now = this.#opts.now();
		const window = this.#windows.get(peer);
		if (window == null || now - window.start >= this.#opts.windowMs) {
			this.#windows.set(peer, { start: now, count: 1 });
			return true;
		}
		window.count++;
		return window.count <= this.#opts.perPeer;
	}
}
