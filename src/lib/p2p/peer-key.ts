import { generateKeyPair, privateKeyFromRaw } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import { defaultLogger } from '@libp2p/logger';
import { fromBase64url } from '$lib/crypto/base64url';

const ED25519_BYTES = 32;

const log = defaultLogger().forComponent('whiteboard:peer-key');

/**
 * A fresh Ed25519 identity for the page's libp2p node (a new peer id per visit, as libp2p would
 * make one). WebCrypto generates it where the browser has Ed25519: libp2p's own generator runs
 * noble's JavaScript ed25519, whose first use builds its precomputed tables, 10-20 ms of main
 * thread on the way to the relay. (libp2p signs and verifies through WebCrypto in those browsers
 * anyway, so noble's tables are never needed.) Elsewhere libp2p's generator is used.
 */
export async function generatePeerKey(): Promise<PrivateKey> {
	try {
		const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
			'sign',
			'verify'
		])) as CryptoKeyPair;
		const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
		const seed = fromBase64url(jwk.d ?? '');
		const publicKey = fromBase64url(jwk.x ?? '');
		if (seed?.length === ED25519_BYTES && publicKey?.length === ED25519_BYTES) {
			// libp2p's raw Ed25519 private key: the 32-byte seed, then the public key.
			const raw = new Uint8Array(2 * ED25519_BYTES);
			raw.set(seed);
			raw.set(publicKey, ED25519_BYTES);
			return privateKeyFromRaw(raw);
		}
	} catch (err) {
		// No Ed25519 in this browser's WebCrypto: expected in some browsers, so not an error.
		log("WebCrypto cannot make Ed25519 keys, using libp2p's generator - %e", err);
	}
	return generateKeyPair('Ed25519');
}
