// Per-peer limits on the gossip the relay forwards, so one misbehaving browser cannot flood a
// room or the relay: installed as the gossipsub topic validator of every mirrored topic. A
// rejected message is neither delivered nor forwarded, and gossipsub's peer scoring then
// penalises the peer that sent it. The relay never decodes payloads (they are end-to-end
// encrypted); it only looks at sizes and rates.
import { TopicValidatorResult, type Message } from '@libp2p/gossipsub';
import { RateLimiter } from '@libp2p/utils';
import type { PeerId } from '@libp2p/interface';

export interface GossipLimits {
	/** Messages per second per propagating peer. */
	gossipRate: number;
	/** Messages per second from all peers of one address together. */
	gossipAddressRate: number;
	maxMessageBytes: number;
}

export interface GossipGuardStats {
	accepted: number;
	tooLarge: number;
	overRate: number;
	overAddressRate: number;
	/** Payload bytes of accepted messages. */
	acceptedBytes: number;
}

export class GossipGuard {
	readonly stats: GossipGuardStats = {
		accepted: 0,
		tooLarge: 0,
		overRate: 0,
		overAddressRate: 0,
		acceptedBytes: 0
	};
	readonly #limits: GossipLimits;
	readonly #rate: RateLimiter;
	readonly #addressRate: RateLimiter;
	readonly #addressOf: (peer: PeerId) => string | undefined;
	readonly #isTrusted: (peer: PeerId) => boolean;

	/**
	 * `addressOf`: the address a peer connects from (admission/address.ts); `isTrusted`: peers
	 * whose rate is not limited (peered relays forward for many browsers).
	 */
	constructor(
		limits: GossipLimits,
		addressOf: (peer: PeerId) => string | undefined = () => undefined,
		isTrusted: (peer: PeerId) => boolean = () => false
	) {
		this.#limits = limits;
		this.#rate = new RateLimiter({ points: limits.gossipRate, duration: 1 });
		this.#addressRate = new RateLimiter({ points: limits.gossipAddressRate, duration: 1 });
		this.#addressOf = addressOf;
		this.#isTrusted = isTrusted;
	}

	/** A gossipsub TopicValidatorFn. */
	validate = (peer: PeerId, message: Message): TopicValidatorResult => {
		if (message.data.length > this.#limits.maxMessageBytes) {
			this.stats.tooLarge++;
			return TopicValidatorResult.Reject;
		}
		if (this.#isTrusted(peer)) {
			this.stats.accepted++;
			this.stats.acceptedBytes += message.data.length;
			return TopicValidatorResult.Accept;
		}
		try {
			this.#rate.consume(peer.toString());
		} catch {
			// RateLimiter throws once the peer's points for this second are spent.
			this.stats.overRate++;
			return TopicValidatorResult.Reject;
		}
		const address = this.#addressOf(peer);
		if (address != null) {
			try {
				this.#addressRate.consume(address);
			} catch {
				this.stats.overAddressRate++;
				return TopicValidatorResult.Reject;
			}
		}
		this.stats.accepted++;
		this.stats.acceptedBytes += message.data.length;
		return TopicValidatorResult.Accept;
	};
}
