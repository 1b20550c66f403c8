// The one place where the relay reaches past gossipsub's public API: to hand a peer messages that
// gossipsub would only forward to its mesh. The messages are other peers' own signed gossipsub
// messages, rebuilt field by field from what gossipsub validated, so every receiver verifies the
// author's signature and de-duplicates them (message id = author + seqno) as usual.
import { RPC } from '@libp2p/gossipsub/message';
import { publicKeyToProtobuf } from '@libp2p/crypto/keys';
import type { SignedMessage } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';

/** What a held message is sent as: an RPC message exactly as its author published it. */
export type RawMessage = RPC.Message;

/** The author's message as it went over the wire (the signature covers from, data, seqno, topic). */
export function toRawMessage(msg: SignedMessage): RawMessage {
	const seqno = new Uint8Array(8);
	new DataView(seqno.buffer).setBigUint64(0, msg.sequenceNumber, false);
	return {
		from: msg.from.toMultihash().bytes,
		data: msg.data,
		seqno,
		topic: msg.topic,
		signature: msg.signature,
		// Ed25519 and secp256k1 peer ids hold their key; gossipsub sends it only for the others.
		key: msg.from.publicKey == null ? publicKeyToProtobuf(msg.key) : undefined
	};
}

/**
 * Two public members of gossipsub's class that its `GossipSub` interface leaves out: the per-peer
 * outbound streams (each push is one length-prefixed RPC, as gossipsub's own sends are) and the
 * mesh of a topic.
 */
interface GossipSubClass {
	streamsOutbound: Map<string, { push(data: Uint8Array): void }>;
	getMeshPeers(topic: string): string[];
}

/** Sends messages to one peer; false when there is no stream to it (yet). */
export type DirectSend = (peer: PeerId, messages: RawMessage[]) => boolean;

export interface GossipReach {
	send: DirectSend;
	/** The peers (ids as strings) gossipsub forwards a topic's messages to. */
	meshPeers(topic: string): string[];
}

/**
 * Direct sends on gossipsub's own stream to a peer (gossipsub opens it a moment after the
 * connection, so a send can find none yet) and the mesh of a topic. Throws at once if this
 * gossipsub lacks either (a release that changed them), rather than failing on the first record.
 */
export function gossipReach(pubsub: unknown): GossipReach {
	const gossip = pubsub as Partial<GossipSubClass>;
	const streams = gossip.streamsOutbound;
	if (!(streams instanceof Map) || typeof gossip.getMeshPeers !== 'function') {
		throw new Error('this gossipsub has no streamsOutbound/getMeshPeers: cannot answer discovery');
	}
	return {
		send: (peer, messages) => {
			const stream = streams.get(peer.toString());
			if (stream == null) return false;
			stream.push(RPC.encode({ subscriptions: [], messages }));
			return true;
		},
		meshPeers: (topic) => gossip.getMeshPeers?.(topic) ?? []
	};
}
