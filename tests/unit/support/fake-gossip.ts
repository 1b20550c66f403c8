/**
 * Just enough of gossipsub for the room-topic services: subscriptions, topic validators that are
 * awaited before delivery, 'message' and 'subscription-change' events. Publishing delivers to
 * every other subscribed node (a full mesh, no forwarding) and resolves once all of them have
 * validated the message, so tests can await what a publish caused.
 */
import { TopicValidatorResult, type Message, type TopicValidatorFn } from '@libp2p/gossipsub';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { PeerId } from '@libp2p/interface';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';

export const newPeerId = async (): Promise<PeerId> =>
	peerIdFromPrivateKey(await generateKeyPair('Ed25519'));

export class FakeGossipNet {
	readonly nodes: FakeGossipNode[] = [];

	async add(): Promise<FakeGossipNode> {
		const node = new FakeGossipNode(await newPeerId(), this);
		this.nodes.push(node);
		return node;
	}
}

export interface Verdict {
	from: string;
	result: TopicValidatorResult;
}

export class FakePubSub extends EventTarget {
	readonly topicValidators = new Map<string, TopicValidatorFn>();
	readonly subscriptions = new Set<string>();
	readonly sent: Array<{ topic: string; data: Uint8Array }> = [];
	readonly verdicts: Verdict[] = [];
	readonly #owner: FakeGossipNode;
	readonly #net: FakeGossipNet;

	constructor(owner: FakeGossipNode, net: FakeGossipNet) {
		super();
		this.#owner = owner;
		this.#net = net;
	}

	subscribe(topic: string): void {
		this.subscriptions.add(topic);
	}

	unsubscribe(topic: string): void {
		this.subscriptions.delete(topic);
	}

	getSubscribers(topic: string): PeerId[] {
		return this.#net.nodes
			.filter((n) => n !== this.#owner && n.services.pubsub.subscriptions.has(topic))
			.map((n) => n.peerId);
	}

	async publish(topic: string, data: Uint8Array): Promise<{ recipients: PeerId[] }> {
		if (this.#owner.crashed) return { recipients: [] };
		this.sent.push({ topic, data });
		const others = this.#net.nodes.filter((n) => n !== this.#owner);
		await Promise.all(
			others.map((n) => n.services.pubsub.receive(this.#owner.peerId, topic, data))
		);
		return { recipients: [] };
	}

	/** A message from `from` arrives: validated (awaited), then delivered if accepted. */
	async receive(
		from: PeerId,
		topic: string,
		data: Uint8Array
	): Promise<TopicValidatorResult | undefined> {
		if (!this.subscriptions.has(topic)) return undefined;
		const message = { type: 'signed', from, topic, data } as unknown as Message;
		const validator = this.topicValidators.get(topic);
		const result = validator == null ? TopicValidatorResult.Accept : await validator(from, message);
		this.verdicts.push({ from: from.toString(), result });
		if (result === TopicValidatorResult.Accept && this.subscriptions.has(topic)) {
			this.dispatchEvent(new CustomEvent('message', { detail: message }));
		}
		return result;
	}
}

export class FakeGossipNode extends EventTarget {
	readonly peerId: PeerId;
	readonly services: { pubsub: FakePubSub };
	/** A crashed node sends nothing more, not even a goodbye. */
	crashed = false;

	constructor(peerId: PeerId, net: FakeGossipNet) {
		super();
		this.peerId = peerId;
		this.services = { pubsub: new FakePubSub(this, net) };
	}
}
