import { TopicValidatorResult, type Message } from '@libp2p/gossipsub';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { describe, expect, it } from 'vitest';
import { GossipGuard } from '../../relay/gossip-guard.ts';

const message = (bytes: number): Message => ({
	type: 'unsigned',
	topic: 'whiteboard/room/x',
	data: new Uint8Array(bytes)
});
const peer = async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519'));

describe('GossipGuard', () => {
	it('rejects messages over the size limit', async () => {
		const guard = new GossipGuard({
			gossipRate: 100,
			gossipAddressRate: 1000,
			maxMessageBytes: 1024
		});
		const from = await peer();
		expect(guard.validate(from, message(1024))).toBe(TopicValidatorResult.Accept);
		expect(guard.validate(from, message(1025))).toBe(TopicValidatorResult.Reject);
		expect(guard.stats).toMatchObject({ accepted: 1, tooLarge: 1 });
	});

	it('rejects a flooding peer beyond its rate without limiting others', async () => {
		const guard = new GossipGuard({
			gossipRate: 10,
			gossipAddressRate: 1000,
			maxMessageBytes: 1024
		});
		const [flooder, quiet] = [await peer(), await peer()];
		const results = Array.from({ length: 25 }, () => guard.validate(flooder, message(10)));
		expect(results.filter((r) => r === TopicValidatorResult.Accept)).toHaveLength(10);
		expect(guard.stats.overRate).toBe(15);
		expect(guard.validate(quiet, message(10))).toBe(TopicValidatorResult.Accept);
	});

	it('limits the peers of one address together, not other addresses', async () => {
		const peers = await Promise.all(Array.from({ length: 4 }, peer));
		const addresses = new Map(
			peers.map((p, i) => [p.toString(), i < 3 ? '192.0.2.1' : '192.0.2.2'])
		);
		const guard = new GossipGuard(
			{ gossipRate: 10, gossipAddressRate: 15, maxMessageBytes: 1024 },
			(p) => addresses.get(p.toString())
		);
		const accepted = peers
			.slice(0, 3)
			.flatMap((p) => Array.from({ length: 10 }, () => guard.validate(p, message(10))))
			.filter((r) => r === TopicValidatorResult.Accept);
		expect(accepted).toHaveLength(15);
		expect(guard.stats.overAddressRate).toBe(15);
		expect(guard.validate(peers[3]!, message(10))).toBe(TopicValidatorResult.Accept);
	});
});
