/**
 * DiscoveryRecords' decisions on a narrow fake of gossipsub: who gets a record (everyone outside
 * the mesh, once per new or changed record), and sends that wait for gossipsub's stream.
 */
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { GossipsubMessage, SignedMessage, SubscriptionChangeData } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DiscoveryRecords, type RecordsPubSub } from '../../relay/discovery-records.ts';
import type { GossipReach, RawMessage } from '../../relay/discovery-wire.ts';

const TOPIC = 'whiteboard/discovery/t';

class FakeGossip extends EventTarget implements GossipReach {
	readonly subscribers = new Map<string, PeerId[]>();
	readonly mesh = new Set<string>();
	readonly sent: Array<{ to: string; messages: RawMessage[] }> = [];
	/** Peers gossipsub has no outbound stream to yet. */
	readonly noStream = new Set<string>();

	getSubscribers(topic: string): PeerId[] {
		return this.subscribers.get(topic) ?? [];
	}
	meshPeers = (): string[] => [...this.mesh];
	send = (peer: PeerId, messages: RawMessage[]): boolean => {
		if (this.noStream.has(peer.toString())) return false;
		this.sent.push({ to: peer.toString(), messages });
		return true;
	};
	subscribe(peer: PeerId): void {
		this.subscribers.set(TOPIC, [...this.getSubscribers(TOPIC), peer]);
		const detail: SubscriptionChangeData = {
			peerId: peer,
			subscriptions: [{ topic: TOPIC, subscribe: true }]
		};
		this.dispatchEvent(new CustomEvent('subscription-change', { detail }));
	}
	deliver(author: PeerId, data: string, seqno: bigint, via: PeerId = author): void {
		const msg: SignedMessage = {
			type: 'signed',
			from: author,
			data: new TextEncoder().encode(data),
			sequenceNumber: seqno,
			topic: TOPIC,
			signature: new Uint8Array(64),
			key: author.publicKey!
		};
		const detail: GossipsubMessage = { propagationSource: via, msgId: `${author}${seqno}`, msg };
		this.dispatchEvent(new CustomEvent('gossipsub:message', { detail }));
	}
}

const newPeer = async (): Promise<PeerId> => peerIdFromPrivateKey(await generateKeyPair('Ed25519'));
const text = (m: RawMessage): string => new TextDecoder().decode(m.data);

describe('DiscoveryRecords decisions', () => {
	let gossip: FakeGossip;
	let records: DiscoveryRecords;
	let a: PeerId, b: PeerId, c: PeerId;
	beforeEach(async () => {
		[a, b, c] = await Promise.all([newPeer(), newPeer(), newPeer()]);
		gossip = new FakeGossip();
		records = new DiscoveryRecords(gossip as unknown as RecordsPubSub, {
			isDiscoveryTopic: (t) => t.startsWith('whiteboard/discovery/'),
			reach: gossip,
			sendWaitMs: 200
		});
		records.start();
	});
	afterEach(() => {
		records.stop();
		vi.useRealTimers();
	});

	it('sends a new or changed record to the subscribers outside the mesh, once', () => {
		gossip.subscribe(a);
		gossip.subscribe(b);
		gossip.subscribe(c);
		gossip.mesh.add(b.toString());
		gossip.deliver(a, 'a without relay address', 1n);
		// b is in the mesh: gossipsub forwards to it; a is the author.
		expect(gossip.sent.map((s) => s.to)).toEqual([c.toString()]);
		gossip.deliver(a, 'a without relay address', 2n);
		expect(gossip.sent).toHaveLength(1);
		gossip.deliver(a, 'a with relay address', 3n);
		expect(gossip.sent.map((s) => [s.to, text(s.messages[0]!)])).toEqual([
			[c.toString(), 'a without relay address'],
			[c.toString(), 'a with relay address']
		]);
		// An older record arriving late changes nothing.
		gossip.deliver(a, 'a without relay address', 2n);
		expect(gossip.sent).toHaveLength(2);
	});

	it("answers a new subscriber with every subscribed peer's latest record but its own", () => {
		gossip.subscribe(a);
		gossip.subscribe(b);
		gossip.deliver(a, 'a1', 1n);
		gossip.deliver(a, 'a2', 2n);
		gossip.deliver(b, 'b1', 1n);
		gossip.sent.length = 0;
		gossip.subscribe(c);
		expect(gossip.sent).toHaveLength(1);
		expect(gossip.sent[0]!.to).toBe(c.toString());
		expect(gossip.sent[0]!.messages.map(text)).toEqual(['a2', 'b1']);
		expect(records.stats.answered).toBe(2);
	});

	it('waits for the stream to a new subscriber, and gives up after sendWaitMs', async () => {
		vi.useFakeTimers();
		gossip.subscribe(a);
		gossip.deliver(a, 'a1', 1n);
		gossip.noStream.add(b.toString());
		gossip.subscribe(b);
		expect(gossip.sent).toHaveLength(0);
		await vi.advanceTimersByTimeAsync(100);
		gossip.noStream.delete(b.toString());
		await vi.advanceTimersByTimeAsync(25);
		expect(gossip.sent.map((s) => s.to)).toEqual([b.toString()]);

		gossip.noStream.add(c.toString());
		gossip.subscribe(c);
		await vi.advanceTimersByTimeAsync(1_000);
		expect(gossip.sent).toHaveLength(1);
		expect(records.stats.unsent).toBe(1);
		expect(vi.getTimerCount()).toBe(0);
	});
});
