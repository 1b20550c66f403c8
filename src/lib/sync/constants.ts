import { ENVELOPE_OVERHEAD } from '../crypto/envelope.ts';

/** Stream protocol for the state-vector exchange between two directly connected room peers. */
export const SYNC_PROTOCOL = '/whiteboard/sync/1.0.0';

/**
 * WebRTC data channels carry messages of at most 16 KiB; @libp2p/webrtc spends a few bytes of each
 * on its own protobuf envelope, and the length prefix and our frame header take three more; the
 * encryption envelope (version, nonce, tag) adds 29. Keeping every frame's payload below this bound
 * means one frame is one data channel message.
 */
export const MAX_FRAME_PAYLOAD = 16 * 1024 - 32 - ENVELOPE_OVERHEAD;

/** A reassembled sync message larger than this is refused (and the stream closed). */
export const DEFAULT_MAX_SYNC_MESSAGE_BYTES = 64 * 1024 * 1024;

/** An exchange that has not finished within this time is aborted. */
export const SYNC_EXCHANGE_TIMEOUT_MS = 60_000;

/** Largest gossip message we publish or accept (gossipsub `maxInboundDataLength` too). */
export const MAX_GOSSIP_MESSAGE_BYTES = 1024 * 1024;
