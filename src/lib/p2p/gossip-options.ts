import type { GossipsubOpts } from '@libp2p/gossipsub';
import { MAX_GOSSIP_MESSAGE_BYTES } from './constants';
import { fastMessageId } from './message-id';

/**
 * The browser's gossipsub options (PROTOCOL.md, "Routing"). The room topic's subscribers are the
 * directly connected room peers only (the relay mirrors the fallback topic, never the room topic),
 * so these decide how a stroke travels between browsers.
 */
export function browserGossipOptions(): Partial<GossipsubOpts> {
	return {
		allowPublishToZeroTopicPeers: true,
		emitSelf: false,
		// Our own messages go straight to every subscribed peer above the publish threshold, not
		// only to our mesh: each direct room peer gets a stroke first-hand (as over y-webrtc), and
		// a direct link that was just made carries one before the next heartbeat grafts it.
		floodPublish: true,
		// A copy of a message seen already is dropped before its signature is checked again.
		fastMsgIdFn: fastMessageId,
		// IDONTWANT goes to mesh peers for messages of 512 bytes and more (gossipsub's default): a
		// stroke (~1 KB) is announced, so a peer that has it already is not sent another copy; a
		// cursor move (~150 B) is not, as the announcement would cost about what it saves.
		idontwantMinDataSize: 512,
		maxInboundDataLength: MAX_GOSSIP_MESSAGE_BYTES + 4096,
		// Peers dialled through a relay carry its IP (departed ones for an hour): IP colocation
		// would soon score the relay and the room below zero (see discovery.ts).
		scoreParams: { IPColocationFactorWeight: 0 }
	};
}
