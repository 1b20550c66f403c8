/**
 * Noise's JavaScript crypto (what it uses in browsers), with X25519 key pairs made by the
 * Montgomery ladder. noble's default fixed-base path builds ed25519's precomputed tables on its
 * first use, ~25-30 ms of main thread in the page's first Noise handshake, on the way to the
 * relay (measured in a CPU profile of a join); nothing else needs those tables, since WebCrypto
 * makes and uses our Ed25519 keys (peer-key.ts). The ladder takes ~2 ms a key, tables or not.
 */
import { pureJsCrypto, type ICryptoInterface } from '@chainsafe/libp2p-noise';
import { x25519 } from '@noble/curves/ed25519.js';

/** The curve's base point: u = 9, as 32 little-endian bytes. */
const BASE_POINT = new Uint8Array(32);
BASE_POINT[0] = 9;

export const noiseCrypto: ICryptoInterface = {
	...pureJsCrypto,
	generateX25519KeyPair() {
		const privateKey = x25519.utils.randomSecretKey();
		return { privateKey, publicKey: x25519.scalarMult(privateKey, BASE_POINT) };
	},
	generateX25519KeyPairFromSeed(seed: Uint8Array) {
		return { privateKey: seed, publicKey: x25519.scalarMult(seed, BASE_POINT) };
	}
};
