import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { aad, type Cipher } from '$lib/crypto/envelope';
import type { RoomWriteKey } from './room-cipher';

/** What the peer at the other end of a live link proved: the write key, or the link's key only. */
export type LiveRole = 'writer' | 'reader';

const HELLO_VERSION = 1;
const PROOF_WRITER = 0;
const PROOF_READER = 1;

/**
 * The first frame on a live link (PROTOCOL.md, "Live links"): proof that its sender holds the
 * room's key, bound to this room and to both ends of this connection, so that it cannot be shown
 * to anyone else. A writer signs the context with the room's write key; a view-only link, which
 * cannot, seals an empty message under the gossip key with the context as AAD. Frames after it
 * are room messages without an envelope of their own: the connection (DTLS, its fingerprints
 * bound to both peer ids by Noise) encrypts them end to end, and nothing is sent on a link until
 * the other side's hello has been checked, so a peer without the key (one the relay made up, say)
 * reads nothing and writes nothing.
 */
export class LiveHello {
	readonly #topic: string;
	readonly #cipher: Cipher;
	readonly #key: RoomWriteKey;

	constructor(topic: string, cipher: Cipher, key: RoomWriteKey) {
		this.#topic = topic;
		this.#cipher = cipher;
		this.#key = key;
	}

	/** Our hello to `remote` (peer ids as strings). */
	async make(local: string, remote: string): Promise<Uint8Array> {
		const context = this.#context(local, remote);
		const signer = this.#key.signer;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, HELLO_VERSION);
		if (signer != null) {
			encoding.writeVarUint(encoder, PROOF_WRITER);
			encoding.writeVarUint8Array(encoder, await signer.sign(context));
		} else {
			encoding.writeVarUint(encoder, PROOF_READER);
			encoding.writeVarUint8Array(encoder, await this.#cipher.seal(new Uint8Array(0), context));
		}
		return encoding.toUint8Array(encoder);
	}

	/** What `remote`'s hello to us proves, or null if it proves nothing (never throws). */
	async check(hello: Uint8Array, local: string, remote: string): Promise<LiveRole | null> {
		const context = this.#context(remote, local);
		try {
			const decoder = decoding.createDecoder(hello);
			if (decoding.readVarUint(decoder) !== HELLO_VERSION) return null;
			const kind = decoding.readVarUint(decoder);
			const proof = decoding.readVarUint8Array(decoder);
			if (decoding.hasContent(decoder)) return null;
			if (kind === PROOF_WRITER) {
				return (await this.#key.verifier.verify(proof, context)) ? 'writer' : null;
			}
			if (kind === PROOF_READER) {
				const opened = await this.#cipher.open(proof, context);
				return opened.length === 0 ? 'reader' : null;
			}
			return null;
		} catch {
			return null;
		}
	}

	#context(from: string, to: string): Uint8Array {
		return aad(`whiteboard/live-hello/1\0${this.#topic}\0${from}\0${to}`);
	}
}
