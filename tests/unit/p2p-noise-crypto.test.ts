import { pureJsCrypto } from '@chainsafe/libp2p-noise';
import { x25519 } from '@noble/curves/ed25519.js';
import { expect, it } from 'vitest';
import { noiseCrypto } from '../../src/lib/p2p/noise-crypto';

it('makes the same X25519 public keys as noble, and keys that agree on a shared secret', () => {
	for (let i = 0; i < 20; i++) {
		const ours = noiseCrypto.generateX25519KeyPair();
		expect(ours.publicKey).toEqual(x25519.getPublicKey(ours.privateKey));
		const theirs = pureJsCrypto.generateX25519KeyPair();
		expect(noiseCrypto.generateX25519SharedKey(ours.privateKey, theirs.publicKey)).toEqual(
			pureJsCrypto.generateX25519SharedKey(theirs.privateKey, ours.publicKey)
		);
	}
	const seed = x25519.utils.randomSecretKey();
	expect(noiseCrypto.generateX25519KeyPairFromSeed(seed)).toEqual(
		pureJsCrypto.generateX25519KeyPairFromSeed(seed)
	);
});
