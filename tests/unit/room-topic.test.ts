import { TopicValidatorResult, type Message } from '@libp2p/gossipsub';
import { defaultLogger } from '@libp2p/logger';
import { describe, expect, it, vi } from 'vitest';
import { Cipher } from '../../src/lib/crypto/envelope.ts';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';
import { gossipAad, gossipSignedBytes, RoomCipher } from '../../src/lib/sync/room-cipher.ts';
import type { Route } from '../../src/lib/sync/fallback-routing.ts';
import {
	decodeRoomMessage,
	encodeRoomMessage,
	RoomMessageError
} from '../../src/lib/sync/room-messages.ts';
import {
	RoomTopic,
	type Delivery,
	type Rejection,
	type RoomMessageHandler
} from '../../src/lib/sync/room-topic.ts';
import { FakeGossipNet, type FakeGossipNode } from './support/fake-gossip.ts';

const key = await RoomKey.fromBytes(new Uint8Array(32).fill(3));
const otherKey = await RoomKey.fromBytes(new Uint8Array(32).fill(4));
const TOPIC = `whiteboard/room/${key.topicId}`;

/** The room's real gossip cipher, counting how often it opens something. */
function countingCipher(cipher: Cipher): { cipher: Cipher; opened: () => number } {
	const open = vi.fn((data: Uint8Array, aad: Uint8Array) => cipher.open(data, aad));
	const counting = { seal: cipher.seal.bind(cipher), open } as unknown as Cipher;
	return { cipher: counting, opened: () => open.mock.calls.length };
}

/** A handler that records what it checks and gets, refusing payloads whose first byte is 0xff. */
function recorder(refuseAs = 'bad-thing') {
	const checked: Uint8Array[] = [];
	const delivered: Array<{ value: string; from: string | undefined }> = [];
	const handler: RoomMessageHandler<string> = {
		check(payload) {
			checked.push(payload);
			if (payload[0] === 0xff) throw new RoomMessageError('refused', refuseAs);
			return `checked:${payload.join(',')}`;
		},
		deliver(value, delivery: Delivery) {
			delivered.push({ value, from: delivery.from });
		}
	};
	return { handler, checked, delivered };
}

async function pair() {
	const net = new FakeGossipNet();
	const [a, b] = [await net.add(), await net.add()];
	const logger = defaultLogger();
	const counted = countingCipher(key.gossip);
	const rejections: Rejection[] = [];
	const sender = new RoomTopic({
		pubsub: a.services.pubsub,
		topic: TOPIC,
		cipher: key.gossip,
		writeKey: key,
		logger
	});
	const receiver = new RoomTopic({
		pubsub: b.services.pubsub,
		topic: TOPIC,
		cipher: counted.cipher,
		writeKey: key,
		logger,
		onRejected: (r) => rejections.push(r)
	});
	return { a, b, sender, receiver, opened: counted.opened, rejections };
}

/** Delivers raw bytes to `to` as if `from` had published them. */
const inject = (from: FakeGossipNode, to: FakeGossipNode, data: Uint8Array) =>
	to.services.pubsub.receive(from.peerId, TOPIC, data);

describe('RoomTopic', () => {
	it('does nothing until started: no validator, no subscription', async () => {
		const { b } = await pair();
		expect(b.services.pubsub.topicValidators.size).toBe(0);
		expect(b.services.pubsub.subscriptions.size).toBe(0);
	});

	it('opens each message once and dispatches it by type to the handler that checked it', async () => {
		const { a, b, sender, receiver, opened } = await pair();
		const [docs, presence] = [recorder(), recorder()];
		receiver.handle(0, docs.handler);
		receiver.handle(1, presence.handler);
		sender.start();
		receiver.start();
		await sender.publish(0, Uint8Array.of(1, 2));
		await sender.publish(1, Uint8Array.of(3));
		await sender.publish(0, Uint8Array.of(4));
		expect(opened()).toBe(3);
		expect(docs.checked).toEqual([Uint8Array.of(1, 2), Uint8Array.of(4)]);
		expect(docs.delivered).toEqual([
			{ value: 'checked:1,2', from: a.peerId.toString() },
			{ value: 'checked:4', from: a.peerId.toString() }
		]);
		expect(presence.delivered).toEqual([{ value: 'checked:3', from: a.peerId.toString() }]);
		expect(b.services.pubsub.verdicts.map((v) => v.result)).toEqual([
			TopicValidatorResult.Accept,
			TopicValidatorResult.Accept,
			TopicValidatorResult.Accept
		]);
		expect(receiver.stats).toMatchObject({ accepted: 3, rejected: 0 });
		expect(sender.stats.published).toBe(3);
		expect(receiver.subscribers()).toEqual([a.peerId]);
	});

	it('publishes envelopes under the gossip key, bound to the topic', async () => {
		const { a, sender } = await pair();
		sender.start();
		await sender.publish(0, Uint8Array.of(9, 9));
		const sent = a.services.pubsub.sent[0];
		if (sent == null) throw new Error('nothing published');
		expect(sent.topic).toBe(TOPIC);
		expect(sent.data[0]).toBe(1); // envelope version
		// envelope || Ed25519 signature (64 bytes) over the topic and the envelope
		const envelope = sent.data.subarray(0, sent.data.length - 64);
		const signature = sent.data.subarray(sent.data.length - 64);
		expect(await key.signer!.verifier.verify(signature, gossipSignedBytes(TOPIC, envelope))).toBe(
			true
		);
		const plain = await key.gossip.open(envelope, gossipAad(TOPIC));
		expect(plain).toEqual(Uint8Array.of(0, 2, 9, 9)); // type 0, varbytes payload
		await expect(key.gossip.open(envelope, gossipAad(`${TOPIC}x`))).rejects.toThrow();
	});

	it('rejects and counts by reason: decrypt, malformed, unknown type, refused by the handler', async () => {
		const { a, b, receiver, rejections } = await pair();
		const docs = recorder('bad-update');
		receiver.handle(0, docs.handler);
		receiver.start();
		const ours = new RoomCipher(TOPIC, key.gossip, key);
		const foreign = new RoomCipher(TOPIC, otherKey.gossip, otherKey);
		const otherTopic = new RoomCipher(`${TOPIC}2`, key.gossip, key);
		const signed = async (envelope: Uint8Array) =>
			new Uint8Array([
				...envelope,
				...(await key.signer!.sign(gossipSignedBytes(TOPIC, envelope)))
			]);
		const inputs = [
			await foreign.seal({ type: 0, payload: Uint8Array.of(1) }), // another room key
			await otherTopic.seal({ type: 0, payload: Uint8Array.of(1) }), // replayed from another topic
			Uint8Array.of(1, 2, 3), // not even an envelope
			// signed with the room's write key, encrypted under another gossip key
			await signed(await otherKey.gossip.seal(Uint8Array.of(0, 1, 1), gossipAad(TOPIC))),
			await signed(await key.gossip.seal(Uint8Array.of(0, 5, 1), gossipAad(TOPIC))), // truncated payload
			await ours.seal({ type: 7, payload: Uint8Array.of(1) }), // a type nobody handles
			await ours.seal({ type: 0, payload: Uint8Array.of(0xff) }) // the handler refuses it
		];
		for (const data of inputs) {
			expect(await inject(a, b, data)).toBe(TopicValidatorResult.Reject);
		}
		expect(docs.delivered).toEqual([]);
		expect(docs.checked).toEqual([Uint8Array.of(0xff)]); // only what opened and had a handler
		expect(receiver.stats).toMatchObject({
			accepted: 0,
			rejected: 7,
			rejectedByReason: { signature: 3, decrypt: 1, malformed: 2, 'bad-update': 1 }
		});
		expect(rejections.map((r) => r.reason)).toEqual([
			'signature',
			'signature',
			'signature',
			'decrypt',
			'malformed',
			'malformed',
			'bad-update'
		]);
		expect(rejections[5]?.detail).toMatch(/unknown message type 7/);
		// Counted against the peer that sent it to us.
		expect(new Set(rejections.map((r) => r.peer))).toEqual(new Set([a.peerId.toString()]));
	});

	it('counts a handler bug in check as "other", and in deliver without rejecting', async () => {
		const { b, sender, receiver } = await pair();
		receiver.handle(0, {
			check: () => {
				throw new TypeError('oops');
			},
			deliver: () => {}
		});
		receiver.handle(1, {
			check: (payload) => payload,
			deliver: () => {
				throw new Error('apply failed');
			}
		});
		receiver.start();
		await sender.publish(0, Uint8Array.of(1));
		await sender.publish(1, Uint8Array.of(1));
		expect(b.services.pubsub.verdicts.map((v) => v.result)).toEqual([
			TopicValidatorResult.Reject,
			TopicValidatorResult.Accept
		]);
		expect(receiver.stats).toMatchObject({
			rejectedByReason: { other: 1 },
			accepted: 1,
			deliveryFailed: 1
		});
	});

	it('counts refusals a handler finds on delivery against the message author', async () => {
		const { a, sender, receiver, rejections } = await pair();
		receiver.handle(1, {
			check: (payload) => payload,
			deliver: (_payload, delivery) => delivery.refuse('presence', 'claims our client id 7')
		});
		receiver.start();
		await sender.publish(1, Uint8Array.of(1));
		expect(receiver.stats).toMatchObject({
			accepted: 1,
			rejected: 1,
			rejectedByReason: { presence: 1 }
		});
		expect(rejections).toEqual([
			{ peer: a.peerId.toString(), reason: 'presence', detail: 'claims our client id 7' }
		]);
	});

	it('takes one handler per type; an unregistered type is unknown again', async () => {
		const { sender, receiver, b } = await pair();
		const docs = recorder();
		receiver.handle(0, docs.handler);
		expect(() => receiver.handle(0, recorder().handler)).toThrow(/handled already/);
		receiver.start();
		receiver.unhandle(0);
		await sender.publish(0, Uint8Array.of(1));
		expect(b.services.pubsub.verdicts[0]?.result).toBe(TopicValidatorResult.Reject);
		expect(receiver.stats.rejectedByReason).toEqual({ malformed: 1 });
	});

	it('stop removes the validator and the subscription; a message still opening is ignored', async () => {
		const { a, b, sender, receiver } = await pair();
		const docs = recorder();
		receiver.handle(0, docs.handler);
		receiver.start();
		const validate = b.services.pubsub.topicValidators.get(TOPIC);
		if (validate == null) throw new Error('no validator');
		const data = await new RoomCipher(TOPIC, key.gossip, key).seal({
			type: 0,
			payload: Uint8Array.of(1)
		});
		const message = { type: 'signed', from: a.peerId, topic: TOPIC, data } as unknown as Message;
		const pending = validate(a.peerId, message);
		receiver.stop();
		expect(await pending).toBe(TopicValidatorResult.Ignore);
		expect(b.services.pubsub.topicValidators.has(TOPIC)).toBe(false);
		expect(b.services.pubsub.subscriptions.has(TOPIC)).toBe(false);
		await sender.publish(0, Uint8Array.of(2));
		expect(docs.delivered).toEqual([]);
		expect(receiver.stats).toMatchObject({ accepted: 0, rejected: 0 });
		// Another owner's validator for the topic is left alone.
		const foreign = () => TopicValidatorResult.Accept;
		receiver.start();
		b.services.pubsub.topicValidators.set(TOPIC, foreign);
		receiver.stop();
		expect(b.services.pubsub.topicValidators.get(TOPIC)).toBe(foreign);
	});

	it('never throws from publish: a failure is counted', async () => {
		const { a, sender } = await pair();
		a.services.pubsub.publish = async () => {
			throw new Error('node is stopping');
		};
		await expect(sender.publish(0, Uint8Array.of(1))).resolves.toBeUndefined();
		expect(sender.stats).toMatchObject({ published: 0, publishFailed: 1 });
	});
});

describe('RoomTopic with a fallback topic', () => {
	const FALLBACK = `whiteboard/fallback/${key.topicId}`;

	async function routed(route: { now: Route }) {
		const net = new FakeGossipNet();
		const [a, b] = [await net.add(), await net.add()];
		const heard: string[] = [];
		const make = (node: FakeGossipNode) =>
			new RoomTopic({
				pubsub: node.services.pubsub,
				topic: TOPIC,
				fallbackTopic: FALLBACK,
				route: () => route.now,
				onFallbackMessage: (from) => heard.push(from),
				cipher: key.gossip,
				writeKey: key,
				logger: defaultLogger()
			});
		const [sender, receiver] = [make(a), make(b)];
		const docs = recorder();
		receiver.handle(0, docs.handler);
		sender.start();
		receiver.start();
		return { a, b, sender, receiver, docs, heard };
	}

	it('subscribes to both topics and validates both', async () => {
		const { b } = await routed({ now: 'direct' });
		expect([...b.services.pubsub.subscriptions]).toEqual([TOPIC, FALLBACK]);
		expect([...b.services.pubsub.topicValidators.keys()]).toEqual([TOPIC, FALLBACK]);
	});

	it('publishes each message once, on the topic the route names at that moment', async () => {
		const route: { now: Route } = { now: 'direct' };
		const { a, sender, docs, heard } = await routed(route);
		await sender.publish(0, Uint8Array.of(1));
		route.now = 'fallback';
		await sender.publish(0, Uint8Array.of(2));
		route.now = 'direct';
		await sender.publish(0, Uint8Array.of(3));
		expect(a.services.pubsub.sent.map((m) => m.topic)).toEqual([TOPIC, FALLBACK, TOPIC]);
		expect(docs.delivered.map((d) => d.value)).toEqual(['checked:1', 'checked:2', 'checked:3']);
		expect(sender.stats).toMatchObject({ published: 3, publishedFallback: 1 });
		// Only the message that came by the fallback topic tells who is in the room.
		expect(heard).toEqual([a.peerId.toString()]);
	});

	it('binds each message to its topic: one sealed for the room topic is refused on the fallback topic', async () => {
		const { a, b, receiver, docs, heard } = await routed({ now: 'direct' });
		const forRoom = await new RoomCipher(TOPIC, key.gossip, key).seal({
			type: 0,
			payload: Uint8Array.of(5)
		});
		expect(await b.services.pubsub.receive(a.peerId, FALLBACK, forRoom)).toBe(
			TopicValidatorResult.Reject
		);
		expect(receiver.stats.rejectedByReason).toEqual({ signature: 1 });
		expect(docs.delivered).toEqual([]);
		expect(heard).toEqual([]);
	});

	it('stop leaves both topics', async () => {
		const { b, receiver } = await routed({ now: 'direct' });
		receiver.stop();
		expect(b.services.pubsub.subscriptions.size).toBe(0);
		expect(b.services.pubsub.topicValidators.size).toBe(0);
	});
});

describe('RoomTopic with live links', () => {
	/** A sender whose live links hand every frame to the receiver's acceptLive, as LiveLinks does. */
	async function linked(route: { now: Route }, linkOpen = { now: true }) {
		const net = new FakeGossipNet();
		const [a, b] = [await net.add(), await net.add()];
		const frames: Uint8Array[] = [];
		const verdicts: boolean[] = [];
		const rejections: Rejection[] = [];
		const receiver = new RoomTopic({
			pubsub: b.services.pubsub,
			topic: TOPIC,
			cipher: key.gossip,
			writeKey: key,
			logger: defaultLogger(),
			onRejected: (r) => rejections.push(r)
		});
		const live = {
			send(frame: Uint8Array): boolean {
				if (!linkOpen.now) return false;
				frames.push(frame);
				void receiver
					.acceptLive(frame, a.peerId.toString(), 'writer')
					.then((v) => verdicts.push(v));
				return true;
			}
		};
		const sender = new RoomTopic({
			pubsub: a.services.pubsub,
			topic: TOPIC,
			route: () => route.now,
			live,
			cipher: key.gossip,
			writeKey: key,
			logger: defaultLogger()
		});
		const docs = recorder();
		receiver.handle(0, docs.handler);
		sender.start();
		receiver.start();
		return { a, b, sender, receiver, docs, frames, verdicts, rejections };
	}

	it('sends on the live links alone when the route says so, as a bare room message', async () => {
		const { a, sender, receiver, docs, frames, verdicts } = await linked({ now: 'live' });
		await sender.publish(0, Uint8Array.of(7));
		await vi.waitFor(() => expect(verdicts).toHaveLength(1));
		// Nothing went to gossipsub; the frame is the room message itself (the connection encrypts).
		expect(a.services.pubsub.sent).toEqual([]);
		expect(decodeRoomMessage(frames[0]!)).toEqual({ type: 0, payload: Uint8Array.of(7) });
		// The author is the peer at the other end of the direct connection.
		expect(docs.delivered[0]).toEqual({ value: 'checked:7', from: a.peerId.toString() });
		expect(verdicts).toEqual([true]);
		expect(sender.stats).toMatchObject({ published: 1, publishedLive: 1, publishedFallback: 0 });
		expect(receiver.stats).toMatchObject({ accepted: 1, acceptedLive: 1 });
	});

	it('falls back to the room topic when a live link refused the frame', async () => {
		const { a, sender, docs } = await linked({ now: 'live' }, { now: false });
		await sender.publish(0, Uint8Array.of(8));
		expect(a.services.pubsub.sent.map((m) => m.topic)).toEqual([TOPIC]);
		expect(docs.delivered.map((d) => d.value)).toEqual(['checked:8']);
		expect(sender.stats).toMatchObject({ published: 1, publishedLive: 0 });
	});

	it('refuses a live frame that is malformed, fails its check, or writes from a reader', async () => {
		const { a, receiver, docs, rejections } = await linked({ now: 'live' });
		const from = a.peerId.toString();
		expect(await receiver.acceptLive(Uint8Array.of(0, 9), from, 'writer')).toBe(false);
		const refused = encodeRoomMessage({ type: 0, payload: Uint8Array.of(0xff) });
		expect(await receiver.acceptLive(refused, from, 'writer')).toBe(false);
		// A view-only peer's document update is refused; its presence is taken.
		const update = encodeRoomMessage({ type: 0, payload: Uint8Array.of(1) });
		expect(await receiver.acceptLive(update, from, 'reader')).toBe(false);
		const presence = recorder();
		receiver.handle(1, presence.handler);
		const cursor = encodeRoomMessage({ type: 1, payload: Uint8Array.of(2) });
		expect(await receiver.acceptLive(cursor, from, 'reader')).toBe(true);
		expect(docs.delivered).toEqual([]);
		expect(presence.delivered).toEqual([{ value: 'checked:2', from }]);
		expect(receiver.stats.acceptedLive).toBe(1);
		expect(rejections.map((r) => [r.peer, r.reason])).toEqual([
			[from, 'malformed'],
			[from, 'bad-thing'],
			[from, 'signature']
		]);
	});
});
