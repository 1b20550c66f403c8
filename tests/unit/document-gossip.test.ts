import { TopicValidatorResult } from '@libp2p/gossipsub';
import { defaultLogger } from '@libp2p/logger';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board.ts';
import { checkBoardUpdate } from '../../src/lib/board/update-check.ts';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';
import { DocumentGossip, MAX_GOSSIP_UPDATE_BYTES } from '../../src/lib/sync/document-gossip.ts';
import { GOSSIP_ORIGIN, SYNC_ORIGIN } from '../../src/lib/sync/remote-origins.ts';
import { RoomCipher } from '../../src/lib/sync/room-cipher.ts';
import { ROOM_MESSAGE_DOC_UPDATE } from '../../src/lib/sync/room-messages.ts';
import { RoomTopic } from '../../src/lib/sync/room-topic.ts';
import { FakeGossipNet, type FakeGossipNode } from './support/fake-gossip.ts';
import { TEXT_ELEMENT } from './support/elements';

const key = await RoomKey.fromBytes(new Uint8Array(32).fill(6));
const TOPIC = `whiteboard/room/${key.topicId}`;
const logger = defaultLogger();

/** Polls until `check` passes: network delivery has no single event to await here. */
const eventually = <T>(check: () => T) => vi.waitFor(check, { timeout: 5_000, interval: 10 });

interface Peer {
	node: FakeGossipNode;
	doc: Y.Doc;
	topic: RoomTopic;
	gossip: DocumentGossip;
	resync: ReturnType<typeof vi.fn>;
	/** Document messages this peer put on the wire. */
	sent(): number;
}

async function peer(net: FakeGossipNet, checkUpdate?: (update: Uint8Array) => void): Promise<Peer> {
	const node = await net.add();
	const doc = new Y.Doc();
	const topic = new RoomTopic({
		pubsub: node.services.pubsub,
		topic: TOPIC,
		cipher: key.gossip,
		writeKey: key,
		logger
	});
	const resync = vi.fn();
	const gossip = new DocumentGossip({ doc, topic, checkUpdate, resync, logger });
	gossip.start();
	topic.start();
	return { node, doc, topic, gossip, resync, sent: () => node.services.pubsub.sent.length };
}

/** Resolves with the origin of the next update `doc` applies. */
const nextUpdate = (doc: Y.Doc) =>
	new Promise<unknown>((resolve) =>
		doc.once('update', (_u: Uint8Array, origin: unknown) => resolve(origin))
	);

/** Lets a publish (sealing, then delivery to every peer) run to its end. */
const published = (p: Peer) => eventually(() => expect(p.topic.stats.published).toBeGreaterThan(0));

describe('DocumentGossip', () => {
	it('publishes local updates; peers apply them with the gossip origin and never echo them', async () => {
		const net = new FakeGossipNet();
		const [a, b] = [await peer(net, checkBoardUpdate), await peer(net, checkBoardUpdate)];
		const arrived = nextUpdate(b.doc);
		const id = new Board(a.doc).add(TEXT_ELEMENT);
		expect(await arrived).toBe(GOSSIP_ORIGIN);
		expect(new Board(b.doc).get(id)).toMatchObject(TEXT_ELEMENT);
		expect(a.gossip.stats).toMatchObject({ published: 1, received: 0, resynced: 0 });
		expect(b.gossip.stats).toMatchObject({ published: 0, received: 1 });
		// Applied from the network: not published again (counted before sealing, so at once).
		expect(b.gossip.stats.published).toBe(0);
		// Nor is what the sync stream applies.
		const other = new Y.Doc();
		other.getMap('m').set('k', 1);
		Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(other), SYNC_ORIGIN);
		expect(b.doc.getMap('m').get('k')).toBe(1);
		expect(b.gossip.stats.published).toBe(0);
		expect(b.sent()).toBe(0);
		expect(a.resync).not.toHaveBeenCalled();
	});

	it('sends an update too large for one gossip message by the sync stream instead', async () => {
		const net = new FakeGossipNet();
		const [a, b] = [await peer(net), await peer(net)];
		// Just under the limit, it is an ordinary gossip message.
		const arrived = nextUpdate(b.doc);
		a.doc.getMap('blobs').set('large', new Uint8Array(MAX_GOSSIP_UPDATE_BYTES - 100));
		expect(await arrived).toBe(GOSSIP_ORIGIN);
		expect(a.gossip.stats).toMatchObject({ published: 1, resynced: 0 });

		a.doc.getMap('blobs').set('big', new Uint8Array(MAX_GOSSIP_UPDATE_BYTES + 1));
		expect(a.resync).toHaveBeenCalledTimes(1);
		expect(a.gossip.stats).toMatchObject({ published: 1, resynced: 1 });
		expect(a.sent()).toBe(1);
		expect(b.doc.getMap('blobs').has('big')).toBe(false);
	});

	it('sends an update the board check refuses by the sync stream instead (peers would reject it)', async () => {
		const net = new FakeGossipNet();
		const a = await peer(net, checkBoardUpdate);
		const elements = a.doc.getMap<Y.Map<unknown>>('elements');
		a.doc.transact(() => {
			const element = new Y.Map<unknown>();
			elements.set('e1', element);
			element.set('color', 'not a colour');
		});
		expect(a.resync).toHaveBeenCalledTimes(1);
		expect(a.sent()).toBe(0);
		expect(a.gossip.stats).toMatchObject({ published: 0, resynced: 1 });
		new Board(a.doc).add(TEXT_ELEMENT);
		await published(a);
		expect(a.resync).toHaveBeenCalledTimes(1);
	});

	it('rejects remote updates the board check refuses or Yjs cannot read (bad-update)', async () => {
		const net = new FakeGossipNet();
		const lax = await peer(net); // publishes whatever it has
		const strict = await peer(net, checkBoardUpdate);
		lax.doc.transact(() => {
			const element = new Y.Map<unknown>();
			lax.doc.getMap('elements').set('e1', element);
			element.set('color', 'not a colour');
		});
		await published(lax);
		const garbage = await new RoomCipher(TOPIC, key.gossip, key).seal({
			type: ROOM_MESSAGE_DOC_UPDATE,
			payload: Uint8Array.of(1, 2, 3)
		});
		await strict.node.services.pubsub.receive(lax.node.peerId, TOPIC, garbage);
		expect(strict.node.services.pubsub.verdicts.map((v) => v.result)).toEqual([
			TopicValidatorResult.Reject,
			TopicValidatorResult.Reject
		]);
		expect(strict.topic.stats.rejectedByReason).toEqual({ 'bad-update': 2 });
		expect(strict.gossip.stats.received).toBe(0);
		expect(strict.doc.getMap('elements').size).toBe(0);
	});

	it('counts an accepted update that fails to apply', async () => {
		const net = new FakeGossipNet();
		const [a, b] = [await peer(net), await peer(net)];
		// Yjs rethrows what an observer throws, after applying: the one way a checked update fails here.
		b.doc.on('update', () => {
			throw new Error('observer failed');
		});
		a.doc.getMap('m').set('k', 1);
		await published(a);
		expect(b.topic.stats).toMatchObject({ accepted: 1, rejected: 1 });
		expect(b.topic.stats.rejectedByReason).toEqual({ 'bad-update': 1 });
		expect(b.gossip.stats.received).toBe(0);
	});

	it('stop: local updates stay local, remote ones are unknown to the topic', async () => {
		const net = new FakeGossipNet();
		const [a, b] = [await peer(net), await peer(net)];
		a.gossip.stop();
		b.gossip.stop();
		a.doc.getMap('m').set('k', 1);
		expect(a.sent()).toBe(0);
		const data = await new RoomCipher(TOPIC, key.gossip, key).seal({
			type: ROOM_MESSAGE_DOC_UPDATE,
			payload: Y.encodeStateAsUpdate(a.doc)
		});
		expect(await b.node.services.pubsub.receive(a.node.peerId, TOPIC, data)).toBe(
			TopicValidatorResult.Reject
		);
		expect(b.doc.getMap('m').has('k')).toBe(false);
	});
});
