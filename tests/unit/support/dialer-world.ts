import type { PeerId, PeerInfo } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { RoomDialer, type DialerNode } from '../../../src/lib/p2p/dialer';
import type { NetworkEvent } from '../../../src/lib/p2p/events';
import { FakeNode, sortedPeerIds, type FakeDial } from './fake-node';

/** What RoomDialer reads of RoomDiscovery: the records so far and a `peer` event per record. */
export class FakeDiscovery extends EventTarget {
	readonly heard: PeerInfo[] = [];
	records(): PeerInfo[] {
		return [...this.heard];
	}
	hear(record: PeerInfo): void {
		this.heard.push(record);
		this.dispatchEvent(new CustomEvent('peer', { detail: record }));
	}
}

/** A room for dialer tests, fresh for each test (on fake timers). */
export interface DialerWorld {
	relay: PeerId;
	/** Sorted: `low` < `low2` < `me` < `high`: `me` dials `high` and waits for the lows to dial. */
	low: PeerId;
	low2: PeerId;
	me: PeerId;
	high: PeerId;
	node: FakeNode;
	discovery: FakeDiscovery;
	events: Omit<NetworkEvent, 'at'>[];
	dialer?: RoomDialer;
	/** Creates and starts the dialer. */
	start(): RoomDialer;
	/** The only dial in flight. */
	current(): FakeDial;
	/** A peer's `/p2p-circuit/webrtc` address through the relay, and its plain circuit address. */
	webrtcAddr(peer: PeerId): string;
	circuitAddr(peer: PeerId): string;
	record(peer: PeerId, addrs?: string[]): PeerInfo;
}

export function useDialerWorld(): DialerWorld {
	const w = {} as DialerWorld;
	beforeEach(async () => {
		const [low, low2, me, high, relay] = (await sortedPeerIds(5)) as [
			PeerId,
			PeerId,
			PeerId,
			PeerId,
			PeerId
		];
		const node = new FakeNode(me);
		const discovery = new FakeDiscovery();
		const events: DialerWorld['events'] = [];
		const webrtcAddr = (peer: PeerId): string =>
			`/ip4/127.0.0.1/tcp/9090/ws/p2p/${relay}/p2p-circuit/webrtc/p2p/${peer}`;
		Object.assign(w, {
			...{ low, low2, me, high, relay, node, discovery, events, dialer: undefined },
			start: () => {
				const onEvent = (e: DialerWorld['events'][number]) => events.push(e);
				w.dialer = new RoomDialer({ node: node as unknown as DialerNode, discovery, onEvent });
				w.dialer.start();
				return w.dialer;
			},
			current: () => {
				expect(node.pending).toHaveLength(1);
				return node.pending[0]!;
			},
			webrtcAddr,
			circuitAddr: (peer: PeerId) =>
				`/ip4/127.0.0.1/tcp/9090/ws/p2p/${relay}/p2p-circuit/p2p/${peer}`,
			record: (peer: PeerId, addrs = [webrtcAddr(peer)]) => ({
				id: peer,
				multiaddrs: addrs.map((a) => multiaddr(a))
			})
		} satisfies DialerWorld);
		vi.useFakeTimers();
	});
	afterEach(() => {
		w.dialer?.stop();
		vi.useRealTimers();
	});
	return w;
}

/** Lets pending promises run, and `ms` of fake time pass. */
export async function advance(ms = 0): Promise<void> {
	await vi.advanceTimersByTimeAsync(ms);
}
