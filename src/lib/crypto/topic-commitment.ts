/**
 * How a room's topic id commits to its write key (PROTOCOL.md, "Room key"). Imports nothing but
 * WebCrypto and platform base64, so the relay (Node) loads this very file to check writes to its
 * store, and the page's worker (room/early-copy.worker.ts) too: lib0's base64 takes a worker for
 * Node and calls `Buffer`.
 */
import { toBase64url } from './base64url.ts';

/** Context of the topic id's commitment to the room's public key. */
const TOPIC_COMMITMENT = new TextEncoder().encode('whiteboard topic v2\0');
/** A topic id is 128 bits of the commitment, base64url (22 characters). */
export const TOPIC_ID_BYTES = 16;

/**
 * The topic id of the room whose write key is `publicKey` (raw Ed25519, 32 bytes): the first 128
 * bits of SHA-256 over a context string and the key. The relay recomputes it to check that a
 * write's key is the room's; nobody can find another key with the same topic id.
 */
export async function topicIdFor(publicKey: Uint8Array): Promise<string> {
	const input = new Uint8Array(TOPIC_COMMITMENT.length + publicKey.length);
	input.set(TOPIC_COMMITMENT);
	input.set(publicKey, TOPIC_COMMITMENT.length);
	const digest = await crypto.subtle.digest('SHA-256', input);
	return toBase64url(new Uint8Array(digest, 0, TOPIC_ID_BYTES));
}
