// Which write key each room's topic id commits to, checked once (topic-commitment.ts) and kept
// for the rooms written to most recently, so a busy room's writes skip the hash and key import.
import { RoomVerifier } from '../src/lib/crypto/room-signer.ts';
import { topicIdFor } from '../src/lib/crypto/topic-commitment.ts';

/** Rooms whose checked write key is kept. */
const MAX_CACHED_KEYS = 1024;

export class WriteKeys {
	/** topic id -> its write key and verifier (most recently used last). */
	readonly #keys = new Map<string, { publicKey: Uint8Array; verifier: RoomVerifier }>();

	/** The room's verifier if `publicKey` is the key its topic id commits to, else null. */
	async verifierFor(topicId: string, publicKey: Uint8Array): Promise<RoomVerifier | null> {
		const cached = this.#keys.get(topicId);
		if (cached != null && equalBytes(cached.publicKey, publicKey)) {
			this.#keys.delete(topicId);
			this.#keys.set(topicId, cached);
			return cached.verifier;
		}
		if (publicKey.length !== 32 || (await topicIdFor(publicKey)) !== topicId) return null;
		const entry = {
			publicKey: publicKey.slice(),
			verifier: await RoomVerifier.fromPublicKey(publicKey)
		};
		this.#keys.set(topicId, entry);
		if (this.#keys.size > MAX_CACHED_KEYS)
			this.#keys.delete(this.#keys.keys().next().value as string);
		return entry.verifier;
	}
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
