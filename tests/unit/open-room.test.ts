/**
 * OpenRoom, the app's composition root, over a real RoomSession (Node.js TCP libp2p nodes, an
 * in-memory local copy) and real recent-boards storage.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenRoom } from '../../src/lib/app/open-room.svelte';
import { randomRoomKey } from '../../src/lib/crypto/room-key';
import type { NetworkConfig } from '../../src/lib/p2p/config';
import { RecentBoards } from '../../src/lib/persistence/recent-boards';
import { IdentityStore } from '../../src/lib/presence/identity';
import type { RoomSessionOptions } from '../../src/lib/room/room-session';
import { createTcpNode } from './support/tcp-node';

const config: NetworkConfig = {
	relays: [],
	iceServers: [],
	allowPrivateAddresses: true,
	allowInsecureWebSockets: true
};

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
	const data = new Map<string, string>();
	return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const eventually = <T>(check: () => T) => vi.waitFor(check, { timeout: 5_000, interval: 10 });

const rooms: OpenRoom[] = [];
afterEach(async () => {
	await Promise.all(rooms.splice(0).map((room) => room.close()));
	delete globalThis.whiteboardProbe;
});

function openRoom(extra: { probe?: boolean; session?: RoomSessionOptions } = {}) {
	const recent = new RecentBoards(memoryStorage());
	const room = new OpenRoom({
		roomId: 'room-test',
		roomKey: randomRoomKey(),
		config,
		recent,
		identities: new IdentityStore(null, () => 0.5),
		probe: extra.probe,
		session: {
			createNode: (_config, discovery, privateKey) => createTcpNode({ privateKey, discovery }),
			openStore: async () => ({ destroy: async () => {} }),
			...extra.session
		}
	});
	rooms.push(room);
	return { room, recent };
}

describe('OpenRoom', () => {
	it('opens nothing until start(); then loads, connects and remembers the board', async () => {
		const { room, recent } = openRoom();
		expect(room.session.node).toBeUndefined();
		expect(room.status).toEqual({ state: 'starting', directPeers: 0 });
		room.start();
		await eventually(() => expect(room.loaded).toBe(true));
		expect(recent.list()).toMatchObject([{ id: 'room-test', name: '', key: room.roomKey }]);
		await eventually(() => expect(room.diagnostics).toBeDefined());
		// No relay configured and no direct link: still connecting (read from the node).
		expect(room.status).toEqual({ state: 'connecting', directPeers: 0 });

		room.rename('  Sprint 14 retro ');
		expect(room.name).toBe('Sprint 14 retro');
		expect(recent.list()[0]?.name).toBe('Sprint 14 retro');
	});

	it('close() stops the network and the board together', async () => {
		const { room } = openRoom();
		room.start();
		await eventually(() => expect(room.diagnostics).toBeDefined());
		const node = room.session.node;
		expect(room.session.awareness.getLocalState()).toMatchObject({
			user: { name: expect.any(String) }
		});
		await room.close();
		expect(node?.status).toBe('stopped');
		// Presence said goodbye: nobody sees this tab's name or cursor any more.
		expect(room.session.awareness.getLocalState()).toBeNull();
	});

	it('says why when the network cannot start, and keeps the board usable', async () => {
		const { room } = openRoom({
			session: { createNode: async () => Promise.reject(new Error('no transports')) }
		});
		room.start();
		await eventually(() =>
			expect(room.startError).toBe('The network could not start: no transports')
		);
		room.board.add({
			type: 'rectangle',
			x: 0,
			y: 0,
			w: 10,
			h: 10,
			color: '#000000',
			width: 2,
			fill: null
		});
		expect(room.board.elementCount).toBe(1);
	});

	it('loads the benchmark probe only when asked, as a separate module', async () => {
		const plain = openRoom();
		plain.room.start();
		await eventually(() => expect(plain.room.diagnostics).toBeDefined());
		expect(globalThis.whiteboardProbe).toBeUndefined();

		const probed = openRoom({ probe: true });
		probed.room.start();
		await eventually(() => expect(globalThis.whiteboardProbe).toBeDefined());
		probed.room.framePainted({ complete: true, remoteDrafts: [] });
		expect(globalThis.whiteboardProbe?.paintedCountAt(0)).not.toBeNull();
	});
});
