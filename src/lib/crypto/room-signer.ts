/**
 * The room's write key: an Ed25519 key pair derived from the link's key (PROTOCOL.md, "Room key").
 * Whoever holds the link can sign; the relay checks writes to its copy with the public key alone,
 * and the topic id commits to that key (topic-commitment.ts), so knowing a topic id is not enough
 * to write to its board.
 */

/** PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): a fixed 16-byte prefix, then the seed. */
const PKCS8_ED25519_PREFIX = new Uint8Array([
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
]);
export const ED25519_SEED_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;
/** WebCrypto's key type, named without the DOM library (the relay loads this file too). */
type SigningKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export class RoomSigner {
	/** Raw Ed25519 public key, 32 bytes. */
	readonly publicKey: Uint8Array;
	/** Checks signatures made with this key (what a peer without the private half would use). */
	readonly verifier: RoomVerifier;
	readonly #privateKey: SigningKey;

	private constructor(publicKey: Uint8Array, privateKey: SigningKey, verifier: RoomVerifier) {
		this.publicKey = publicKey;
		this.#privateKey = privateKey;
		this.verifier = verifier;
	}

	static async fromSeed(seed: Uint8Array): Promise<RoomSigner> {
		if (seed.length !== ED25519_SEED_BYTES) throw new Error('an Ed25519 seed is 32 bytes');
		const pkcs8 = new Uint8Array(PKCS8_ED25519_PREFIX.length + seed.length);
		pkcs8.set(PKCS8_ED25519_PREFIX);
		pkcs8.set(seed, PKCS8_ED25519_PREFIX.length);
		// Extractable once, only to read the public key out of its JWK form.
		const exportable = await crypto.subtle.importKey('pkcs8', pkcs8, 'Ed25519', true, ['sign']);
		const jwk = await crypto.subtle.exportKey('jwk', exportable);
		const publicKey = fromBase64urlLoose(jwk.x ?? '');
		const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, 'Ed25519', false, ['sign']);
		return new RoomSigner(publicKey, privateKey, await RoomVerifier.fromPublicKey(publicKey));
	}

	async sign(data: Uint8Array): Promise<Uint8Array> {
		const signature = await crypto.subtle.sign('Ed25519', this.#privateKey, new Uint8Array(data));
		return new Uint8Array(signature);
	}
}

/** A room's public key, imported once, to check many signatures. */
export class RoomVerifier {
	readonly #key: SigningKey;

	private constructor(key: SigningKey) {
		this.#key = key;
	}

	static async fromPublicKey(publicKey: Uint8Array): Promise<RoomVerifier> {
		const key = await crypto.subtle.importKey('raw', new Uint8Array(publicKey), 'Ed25519', false, [
			'verify'
		]);
		return new RoomVerifier(key);
	}

	/** False for a wrong or malformed signature. */
	async verify(signature: Uint8Array, data: Uint8Array): Promise<boolean> {
		if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
		try {
			return await crypto.subtle.verify(
				'Ed25519',
				this.#key,
				new Uint8Array(signature),
				new Uint8Array(data)
			);
		} catch {
			return false;
		}
	}
}

function fromBase64urlLoose(text: string): Uint8Array {
	const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
	return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
