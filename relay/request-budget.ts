// How many store requests one peer, and all peers of one address, may make per second: checked
// before any signature or disk read, so one client's flood costs only its own budget.
import { RateLimiter } from '@libp2p/utils';
import type { StoreRefusal } from './board-store.ts';

/** Which budget a `rate-limited` refusal spent: the room's, the peer's or the address's. */
export type RateBudget = 'room' | 'peer' | 'address';

export class RequestBudget {
	readonly #peer: RateLimiter | null;
	readonly #address: RateLimiter | null;

	/** Requests per second; Infinity (the default) does not limit. */
	constructor(perPeer = Number.POSITIVE_INFINITY, perAddress = Number.POSITIVE_INFINITY) {
		const limiter = (points: number) =>
			Number.isFinite(points) ? new RateLimiter({ points, duration: 1 }) : null;
		this.#peer = limiter(perPeer);
		this.#address = limiter(perAddress);
	}

	/** Null if `peer` (at `address`) may make one more request now, else the refusal. */
	spend(peer: string, address: string | undefined): (StoreRefusal & { budget: RateBudget }) | null {
		if (!spendOne(this.#peer, peer)) {
			const message = 'too many store requests from this peer, retry';
			return { ok: false, code: 'rate-limited', message, budget: 'peer' };
		}
		if (!spendOne(this.#address, address)) {
			const message = 'too many store requests from this address, retry';
			return { ok: false, code: 'rate-limited', message, budget: 'address' };
		}
		return null;
	}
}

function spendOne(limiter: RateLimiter | null, key: string | undefined): boolean {
	if (limiter == null || key == null) return true;
	try {
		limiter.consume(key);
		return true;
	} catch {
		// RateLimiter throws once the key's points for this second are spent.
		return false;
	}
}
