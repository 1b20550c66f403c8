/**
 * The routing rules end to end over real libp2p nodes: two RoomSessions (TCP stand-ins for
 * browsers, real gossipsub with the browser's options, real discovery records) and the real relay
 * node with its topic mirror. The relay is subscribed only to what it mirrors, so every room
 * message it receives is one it would forward: counting its 'message' events counts what it sees.
 */
import '../../relay/polyfills.ts';
import type { Message } from '@libp2p/gossipsub';
import type { PeerInfo } from '@libp2p/interface';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board.ts';
import { randomRoomKey, RoomKey } from '../../src/lib/crypto/room-key.ts';
import type { NetworkConfig } from '../../src/lib/p2p/config.ts';
import type { RoomDiscovery } from '../../src/lib/p2p/discovery.ts';
import type { BrowserNode } from '../../src/lib/p2p/node.ts';
import { RoomSession } from '../../src/lib/room/room-session.ts';
import { RoomCipher } from '../../src/lib/sync/room-cipher.ts';
import { ROOM_MESSAGE_DOC_UPDATE } from '../../src/lib/sync/room-messages.ts';
import { TEXT_ELEMENT } from './support/elements.ts';
import { connect, createTcpNode } from './support/tcp-node.ts';
import { startTestRelay } from './support/relay-server.ts';

const config: NetworkConfig = {
	relays: [],
	iceServers: [],
	allowPrivateAddresses: true,
	allowInsecureWebSockets: true
};

const eventually = <T>(check: () => T) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The relay as relay/main.ts runs it. */
async function startRelay() {
	const server = await startTestRelay();
	const { node, mirror } = server;
	const seen: Message[] = [];
	node.services.pubsub.addEventListener('message', (event) => seen.push(event.detail));
	cleanups.push(() => server.stop());
	return { node, mirror, seen, tcp: [server.tcp] };
}

/** Each session's room discovery, which hears the other's records (libp2p does not). */
const discoveries = new WeakMap<RoomSession, RoomDiscovery>();

async function startSession(key: string): Promise<RoomSession & { node: BrowserNode }> {
	const session: RoomSession = new RoomSession('room-test', key, config, {
		createNode: (_config, discovery, privateKey) => {
			discoveries.set(session, discovery);
			return createTcpNode({ privateKey, discovery });
		},
		openStore: async () => ({ destroy: async () => {} })
	});
	cleanups.push(() => session.stop());
	await session.start();
	if (session.node == null) throw new Error('no node');
	return session as RoomSession & { node: BrowserNode };
}

/** The elements that the document updates among `messages` add, in the order they came. */
async function relayedElements(messages: Message[], key: string): Promise<string[]> {
	const roomKey = await RoomKey.fromFragment(key);
	const { gossip } = roomKey;
	const ids: string[] = [];
	for (const message of messages) {
		const { type, payload } = await new RoomCipher(message.topic, gossip, roomKey).open(
			message.data
		);
		if (type !== ROOM_MESSAGE_DOC_UPDATE) continue;
		// Read each update on its own: one that follows updates never seen would wait in a Y.Doc.
		for (const struct of Y.decodeUpdate(payload).structs) {
			const parent: unknown = struct instanceof Y.Item ? struct.parent : null;
			if (struct instanceof Y.Item && parent === 'elements' && struct.parentSub != null) {
				ids.push(struct.parentSub);
			}
		}
	}
	return ids;
}

/** Resolves once `session` has a discovery record of `other`. */
function discovered(session: RoomSession, other: RoomSession): Promise<void> {
	const discovery = discoveries.get(session) as RoomDiscovery;
	const peer = (other.node as BrowserNode).peerId;
	if (discovery.records().some((record) => record.id.equals(peer))) return Promise.resolve();
	return new Promise((resolve) => {
		const onRecord = (event: Event): void => {
			if (!(event as CustomEvent<PeerInfo>).detail.id.equals(peer)) return;
			discovery.removeEventListener('peer', onRecord);
			resolve();
		};
		discovery.addEventListener('peer', onRecord);
	});
}

describe('routing through the relay', () => {
	it(
		'sends room data through the relay only while a peer has no direct link',
		{ timeout: 30_000 },
		async () => {
			const relay = await startRelay();
			const key = randomRoomKey();
			const [a, b] = [await startSession(key), await startSession(key)];
			await a.node.dial(relay.tcp);
			await b.node.dial(relay.tcp);
			const [boardA, boardB] = [new Board(a.doc), new Board(b.doc)];
			const fallback = () => relay.seen.filter((m) => m.topic.startsWith('whiteboard/fallback/'));
			const drawn = (board: Board, text: string) => board.add({ ...TEXT_ELEMENT, text });
			const relayed = () => relayedElements(fallback(), key);

			// Only the relay links them. Once each has heard of the other (discovery records through
			// the relay), what they draw goes by the fallback topic, and the relay forwards it.
			await Promise.all([discovered(a, b), discovered(b, a)]);
			const first = drawn(boardA, 'through the relay');
			expect(a.sync?.route()).toBe('fallback');
			await eventually(() => expect(boardB.get(first)).toBeDefined());
			expect(await relayed()).toEqual([first]);
			expect(relay.mirror.topics.some((t) => t.startsWith('whiteboard/room/'))).toBe(false);

			// A direct link: once each is on the other's room topic, strokes go only that way.
			await connect(a.node, b.node);
			const peerA = a.node.peerId.toString();
			const peerB = b.node.peerId.toString();
			// Subscribed, and gossipsub's stream to the other open: the room topic reaches it now;
			// and each has its live link to the other, which carries the strokes from then on.
			await eventually(() => {
				expect(a.sync?.directPeers()).toEqual([peerB]);
				expect(b.sync?.directPeers()).toEqual([peerA]);
				expect(a.sync?.livePeers()).toEqual([peerB]);
				expect(b.sync?.livePeers()).toEqual([peerA]);
			});
			const direct = [
				drawn(boardA, 'direct 1'),
				drawn(boardB, 'direct 2'),
				drawn(boardA, 'direct 3')
			];
			await eventually(() => {
				for (const id of direct)
					expect(boardA.get(id) != null && boardB.get(id) != null).toBe(true);
			});
			expect(a.sync?.route()).toBe('live');
			expect(b.sync?.route()).toBe('live');
			expect(a.sync?.stats.publishedLive).toBeGreaterThanOrEqual(2);

			// The direct link is cut: the very next stroke goes through the relay again.
			await a.node.hangUp(b.node.peerId);
			const marker = drawn(boardA, 'after the cut');
			await eventually(() => expect(boardB.get(marker)).toBeDefined());
			expect(a.sync?.route()).toBe('fallback');
			// The relay got the marker and nothing drawn while the link was up (A's messages reach
			// the relay in the order A sent them, so any of those would have come before it). Only
			// presence may have crossed it while the link was being set up.
			expect(await relayed()).toEqual([first, marker]);
			expect(relay.seen.every((m) => !m.topic.startsWith('whiteboard/room/'))).toBe(true);
			expect(a.sync?.stats.publishedFallback).toBeGreaterThanOrEqual(2);
		}
	);
});
