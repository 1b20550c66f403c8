/**
 * AES-GCM envelopes: `varuint version (1), nonce (12 bytes), ciphertext + tag (16 bytes)`.
 * The version byte is also authenticated (it is prepended to the caller's AAD), so a future
 * format cannot be confused with this one. See PROTOCOL.md, "Encryption".
 */
export const ENVELOPE_VERSION = 1;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
/** Bytes an envelope adds to its plaintext. */
export const ENVELOPE_OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES;

/** Wrong key, bad tag, wrong AAD, truncated or unknown envelope: the only error `open` throws. */
export class DecryptError extends Error {
	override name = 'DecryptError';
}

/** One AES-GCM-256 key, used for one purpose (gossip or sync), with a fresh random nonce each. */
export class Cipher {
	readonly #key: CryptoKey;

	constructor(key: CryptoKey) {
		this.#key = key;
	}

	/** The key (not extractable), e.g. to hand it to a worker: a CryptoKey can be posted. */
	get key(): CryptoKey {
		return this.#key;
	}

	async seal(plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
		// Random 96-bit nonces: safe for far more messages than a board session sends (2^32).
		const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
		const sealed = await crypto.subtle.encrypt(
			{ name: 'AES-GCM', iv: nonce, additionalData: withVersion(aad) },
			this.#key,
			toBuffer(plaintext)
		);
		const out = new Uint8Array(1 + NONCE_BYTES + sealed.byteLength);
		out[0] = ENVELOPE_VERSION;
		out.set(nonce, 1);
		out.set(new Uint8Array(sealed), 1 + NONCE_BYTES);
		return out;
	}

	async open(envelope: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
		if (envelope.length < ENVELOPE_OVERHEAD) throw new DecryptError('truncated envelope');
		if (envelope[0] !== ENVELOPE_VERSION) {
			throw new DecryptError(`unknown envelope version ${envelope[0]}`);
		}
		try {
			const plain = await crypto.subtle.decrypt(
				{
					name: 'AES-GCM',
					iv: toBuffer(envelope.subarray(1, 1 + NONCE_BYTES)),
					additionalData: withVersion(aad)
				},
				this.#key,
				toBuffer(envelope.subarray(1 + NONCE_BYTES))
			);
			return new Uint8Array(plain);
		} catch {
			throw new DecryptError('wrong key, wrong context or tampered message');
		}
	}
}

/** UTF-8 bytes of an AAD string. */
export function aad(text: string): Uint8Array {
	return new TextEncoder().encode(text);
}

function withVersion(aad: Uint8Array): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(1 + aad.length);
	out[0] = ENVELOPE_VERSION;
	out.set(aad, 1);
	return out;
}

/** A copy backed by a plain ArrayBuffer, which WebCrypto's types require. */
function toBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
	return new Uint8Array(bytes);
}
