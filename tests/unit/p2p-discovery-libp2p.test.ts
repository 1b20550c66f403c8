/**
 * Room discovery inside real libp2p nodes: the records reach our dialer (RoomDiscovery's `peer`
 * events) and never libp2p, whose `peer:discovery` would make the circuit relay transport, while it
 * looks for a relay, dial every peer announced (discovery.ts says what that broke).
 */
import type { PeerInfo } from '@libp2p/interface';
import { afterEach, expect, it } from 'vitest';
import { RoomDiscovery } from '../../src/lib/p2p/discovery';
import type { BrowserNode } from '../../src/lib/p2p/node';
import { connect, createTcpNode } from './support/tcp-node';

const TOPIC = 'whiteboard/discovery/libp2p-test';
const nodes: BrowserNode[] = [];

afterEach(async () => {
	await Promise.all(nodes.splice(0).map((node) => node.stop()));
});

it('passes a record to RoomDiscovery only: libp2p does not learn the peer from it', async () => {
	// ours - middle - theirs: the record reaches us through the middle, as through a relay.
	const ours = new RoomDiscovery({ topic: TOPIC });
	const middle = new RoomDiscovery({ topic: TOPIC });
	const theirs = new RoomDiscovery({ topic: TOPIC });
	const node = await createTcpNode({ discovery: ours });
	const relay = await createTcpNode({ discovery: middle });
	const other = await createTcpNode({ discovery: theirs });
	nodes.push(node, relay, other);
	const libp2pHeard: string[] = [];
	node.addEventListener('peer:discovery', (event) => libp2pHeard.push(event.detail.id.toString()));
	const heard = new Promise<PeerInfo>((resolve) =>
		ours.addEventListener('peer', (event) => {
			const record = (event as CustomEvent<PeerInfo>).detail;
			if (record.id.equals(other.peerId)) resolve(record);
		})
	);
	await connect(node, relay);
	await connect(other, relay);
	for (const discovery of [ours, middle, theirs]) discovery.start();
	const record = await heard;
	expect(record.multiaddrs.map(String)).toEqual(other.getMultiaddrs().map(String));
	// libp2p would have merged it into its peer store, and emitted peer:discovery for it.
	expect(await node.peerStore.has(other.peerId)).toBe(false);
	expect(libp2pHeard).not.toContain(other.peerId.toString());
	for (const discovery of [ours, middle, theirs]) discovery.stop();
}, 20_000);
