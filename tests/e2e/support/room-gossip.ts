// Reads room messages as PROTOCOL.md specifies them, with Node's own crypto and stock packages
// (none of the app's code): a test that holds the room key can tell what crossed the relay.
import {
	createCipheriv,
	createDecipheriv,
	createPublicKey,
	hkdfSync,
	randomBytes,
	verify
} from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { roomWriteKey } from './observer.ts';

/** The gossip key: HKDF-SHA-256 over the room key, info "whiteboard gossip". */
function gossipKey(keyBase64url: string): Buffer {
	const key = Buffer.from(keyBase64url, 'base64url');
	return Buffer.from(hkdfSync('sha256', key, 'whiteboard room key v1', 'whiteboard gossip', 32));
}

/**
 * Opens a room message published on `topic`: an envelope (version 1, nonce, AES-GCM) followed by
 * the write key's Ed25519 signature over the topic and the envelope; throws unless both hold.
 */
export function openRoomMessage(
	message: Uint8Array,
	keyBase64url: string,
	topic: string
): { type: number; payload: Uint8Array } {
	const data = message.subarray(0, message.length - 64);
	const signature = message.subarray(message.length - 64);
	const spki = Buffer.concat([
		Buffer.from('302a300506032b6570032100', 'hex'),
		roomWriteKey(keyBase64url).publicKey
	]);
	const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
	const signed = Buffer.concat([Buffer.from(`whiteboard/gossip-signature/1\0${topic}\0`), data]);
	if (!verify(null, signed, publicKey, signature)) throw new Error('not signed by the room');
	if (data[0] !== 1 || data.length < 29) throw new Error('not a version-1 envelope');
	const decipher = createDecipheriv('aes-256-gcm', gossipKey(keyBase64url), data.subarray(1, 13));
	decipher.setAAD(Buffer.concat([Buffer.of(1), Buffer.from(`whiteboard/gossip/1\0${topic}`)]));
	decipher.setAuthTag(data.subarray(data.length - 16));
	const plain = Buffer.concat([
		decipher.update(data.subarray(13, data.length - 16)),
		decipher.final()
	]);
	const decoder = decoding.createDecoder(plain);
	return { type: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) };
}

/**
 * The board elements that the document updates among `payloads` add (the keys they write into the
 * root `elements` map). Read from each update on its own: an update that follows one never seen
 * would wait forever in a Y.Doc.
 */
export function elementsIn(payloads: Uint8Array[], keyBase64url: string, topic: string): string[] {
	const ids = new Set<string>();
	for (const data of payloads) {
		const { type, payload } = openRoomMessage(data, keyBase64url, topic);
		if (type !== 0) continue;
		for (const struct of Y.decodeUpdate(payload).structs) {
			// A decoded (not integrated) item names a root type by its name.
			const parent: unknown = struct instanceof Y.Item ? struct.parent : null;
			if (struct instanceof Y.Item && parent === 'elements' && struct.parentSub != null) {
				ids.add(struct.parentSub);
			}
		}
	}
	return [...ids];
}

/**
 * A room message as a view-only link holder can make one (PROTOCOL.md, "Room key", "Encryption"):
 * sealed with the gossip key (the view key's first 32 bytes) for `topic`, followed by 64 bytes in
 * place of a signature it cannot make.
 */
export function sealWithViewKey(
	type: number,
	payload: Uint8Array,
	viewFragment: string,
	topic: string
): Uint8Array {
	const gossip = Buffer.from(viewFragment.slice(1), 'base64url').subarray(0, 32);
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	encoding.writeVarUint8Array(encoder, payload);
	const nonce = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', gossip, nonce);
	cipher.setAAD(Buffer.concat([Buffer.of(1), Buffer.from(`whiteboard/gossip/1\0${topic}`)]));
	const body = Buffer.concat([cipher.update(encoding.toUint8Array(encoder)), cipher.final()]);
	return Buffer.concat([Buffer.of(1), nonce, body, cipher.getAuthTag(), Buffer.alloc(64)]);
}
