import { ENVELOPE_OVERHEAD } from '$lib/crypto/envelope';
import { MAX_GOSSIP_MESSAGE_BYTES } from '$lib/p2p/constants';

/** Stream protocol for the state-vector exchange between two directly connected room peers. */
export const SYNC_PROTOCOL = '/whiteboard/sync/3.0.0';

/**
 * Largest frame (one envelope) on the sync stream. The stream, not the frame, is cut into WebRTC
 * data channel messages (16 KiB, by @libp2p/webrtc), so a frame may span several of them; larger
 * frames mean fewer encryption calls and length prefixes per byte of board.
 */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Payload of one frame: the frame minus its kind byte and the encryption envelope. */
export const MAX_FRAME_PAYLOAD = MAX_FRAME_BYTES - 1 - ENVELOPE_OVERHEAD;

/** A reassembled sync message larger than this is refused (and the stream closed). */
export const DEFAULT_MAX_SYNC_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * Target size of the update messages an answer is cut into: the receiver checks and applies one
 * while the next ones are on the wire.
 */
export const STATE_CHUNK_BYTES = 256 * 1024;

/**
 * At most this many structs per update message, so that one never adds more elements than a
 * receiver's board check accepts in one update (update-check.ts, MAX_ELEMENTS_PER_UPDATE).
 */
export const MAX_STRUCTS_PER_CHUNK = 10_000;

/** An exchange that has not finished within this time is aborted. */
export const SYNC_EXCHANGE_TIMEOUT_MS = 60_000;

/** Stream protocol for room messages between directly connected room peers (live-links.ts). */
export const LIVE_PROTOCOL = '/whiteboard/live/1.0.0';

/** Largest frame on a live link: one room message, at most what the room topic carries. */
export const MAX_LIVE_FRAME_BYTES = MAX_GOSSIP_MESSAGE_BYTES;

/** Bytes a live link may queue for a peer that does not read; past it the stream is reset. */
export const MAX_LIVE_BUFFER_BYTES = 8 * 1024 * 1024;
