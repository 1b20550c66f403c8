/**
 * Where a message we publish goes: on the live links (one stream to each direct peer), on the room
 * topic, which only directly connected room peers subscribe to, or on the fallback topic, which
 * the relay mirrors as well (PROTOCOL.md, "Routing").
 */
export type Route = 'live' | 'direct' | 'fallback';

export interface RoutingView {
	/** Room peers heard of lately (discovery records, fallback messages); never ourselves. */
	roomPeers: Iterable<string>;
	/** Peers subscribed to the room topic with us: those have a direct link that carries gossip. */
	direct: ReadonlySet<string>;
	/** Peers with a live link (a writable stream of ours on a direct connection). */
	live?: ReadonlySet<string>;
}

/**
 * The fallback routing decision: the fallback topic while some room peer has no direct link (only
 * the relay reaches it); once every one has, the live links if they reach every room peer and
 * every peer on the room topic, else the room topic. The fallback topic reaches the direct peers
 * too, so a message is sent one way only.
 */
export function chooseRoute({ roomPeers, direct, live = new Set() }: RoutingView): Route {
	let allLive = true;
	for (const peer of roomPeers) {
		if (!direct.has(peer)) return 'fallback';
		if (!live.has(peer)) allLive = false;
	}
	for (const peer of direct) if (!live.has(peer)) allLive = false;
	return allLive && live.size > 0 ? 'live' : 'direct';
}

/**
 * The room peers heard of within `ttlMs`: a peer that stops announcing itself (a closed tab) stops
 * counting after that, one that leaves cleanly at once (`forget`). Bounded: the oldest entry goes
 * first.
 */
export class RoomPeers {
	readonly #ttlMs: number;
	readonly #maxPeers: number;
	/** Peer id -> when we last heard of it, oldest first. */
	readonly #heard = new Map<string, number>();

	constructor(ttlMs: number, maxPeers = 1_000) {
		this.#ttlMs = ttlMs;
		this.#maxPeers = maxPeers;
	}

	heard(peer: string, at: number): void {
		this.#heard.delete(peer);
		this.#heard.set(peer, at);
		if (this.#heard.size > this.#maxPeers) {
			const oldest = this.#heard.keys().next().value;
			if (oldest != null) this.#heard.delete(oldest);
		}
	}

	forget(peer: string): void {
		this.#heard.delete(peer);
	}

	/** The peers heard of within the TTL at `now`; drops the others. */
	current(now: number): string[] {
		for (const [peer, at] of this.#heard) {
			// Oldest first: the first one still fresh ends the expired ones.
			if (now - at < this.#ttlMs) break;
			this.#heard.delete(peer);
		}
		return [...this.#heard.keys()];
	}
}
