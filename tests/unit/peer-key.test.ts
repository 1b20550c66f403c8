import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { describe, expect, it } from 'vitest';
import { generatePeerKey } from '../../src/lib/p2p/peer-key.ts';

describe('peer key', () => {
	it('is a fresh Ed25519 key whose public half belongs to its seed', async () => {
		const key = await generatePeerKey();
		expect(key.type).toBe('Ed25519');
		expect(key.raw.length).toBe(64);
		// The public key libp2p would derive from the same seed (noble), not just what WebCrypto said.
		const derived = await generateKeyPairFromSeed('Ed25519', key.raw.subarray(0, 32));
		expect(key.publicKey.equals(derived.publicKey)).toBe(true);
		const other = await generatePeerKey();
		expect(peerIdFromPrivateKey(other).equals(peerIdFromPrivateKey(key))).toBe(false);
	});

	it('signs what its public key verifies', async () => {
		const key = await generatePeerKey();
		const data = new TextEncoder().encode('whiteboard');
		const signature = await key.sign(data);
		expect(await key.publicKey.verify(data, signature)).toBe(true);
		expect(await key.publicKey.verify(new TextEncoder().encode('other'), signature)).toBe(false);
	});
});
