/**
 * The parts of the relay's admission limits that need a clock or a library quirk to show:
 * which connection makes way when the relay is full, circuits per peer, and a released
 * reservation's stale timer. Real-node checks of the same limits: relay-admission.test.ts.
 */
import { peerIdFromString } from '@libp2p/peer-id';
import { multiaddr } from '@multiformats/multiaddr';
import { retimeableSignal } from 'retimeable-signal';
import { describe, expect, it, vi } from 'vitest';
import type { Connection, MultiaddrConnection, PeerId } from '@libp2p/interface';
import { addressKey, ipAddressKey } from '../../relay/admission/address.ts';
import { ConnectionAdmission } from '../../relay/admission/connection-admission.ts';
import {
	HOP_PROTOCOL,
	ReservationPolicy,
	STOP_PROTOCOL,
	type HeldReservation
} from '../../relay/admission/reservation-policy.ts';
import { RefusalCounters } from '../../relay/refusals.ts';
import { PeerMap } from '@libp2p/peer-collections';

const PEERS = [
	'12D3KooWPbP6Ba3uKqAizAaJmhjZvQfnpGi5P19Z7cQDpBuk9j5q',
	'12D3KooWPe7hbuNyzdPvtNfYtQdHMHJfpmVCY9d2ocdtweRAb6pr',
	'12D3KooWBBT2HLsUwVjcumoCGMv4LL81zxmoz7uTaF2P3XSgF3Ms'
].map((id) => peerIdFromString(id));

function connection(
	peer: PeerId,
	open: number,
	streams: Array<{ protocol: string; direction: 'inbound' | 'outbound' }> = []
): Connection & { aborted: boolean } {
	const conn = {
		remotePeer: peer,
		remoteAddr: multiaddr('/ip4/10.0.0.1/tcp/1234'),
		direction: 'inbound',
		limits: undefined,
		timeline: { open },
		streams,
		aborted: false,
		abort() {
			conn.aborted = true;
		}
	};
	return conn as unknown as Connection & { aborted: boolean };
}

describe('addressKey', () => {
	it('counts an IPv4 address, or the /64 of an IPv6 one', () => {
		expect(addressKey(multiaddr('/ip4/192.0.2.7/tcp/1/ws'))).toBe('192.0.2.7');
		expect(addressKey(multiaddr('/ip6/2001:db8:1:2:3:4:5:6/tcp/1'))).toBe('2001:db8:1:2::/64');
		expect(addressKey(multiaddr('/ip6/2001:db8::1/tcp/1'))).toBe('2001:db8:0:0::/64');
		expect(addressKey(multiaddr('/ip6/::1/tcp/1'))).toBe('0:0:0:0::/64');
		expect(addressKey(multiaddr('/dns4/example.com/tcp/1'))).toBeUndefined();
	});

	it('counts a socket address (a plain HTTP request) the same way', () => {
		expect(ipAddressKey('192.0.2.7')).toBe('192.0.2.7');
		expect(ipAddressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
		expect(ipAddressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
		expect(ipAddressKey(undefined)).toBeUndefined();
		expect(ipAddressKey('not an address')).toBeUndefined();
	});
});

describe('ConnectionAdmission', () => {
	function admission(connections: Connection[], withRoom: PeerId[], now: number) {
		const refusals = new RefusalCounters();
		const policy = new ConnectionAdmission({
			maxConnections: connections.length,
			maxPerAddress: 100,
			maxPendingPerAddress: 2,
			maxPerPeer: 1,
			graceMs: 10_000,
			connections: () => connections,
			hasRoom: (peer) => withRoom.some((p) => p.equals(peer)),
			refusals,
			now: () => now
		});
		return { policy, refusals };
	}
	const maConn = (ip = '10.0.0.9') =>
		Object.assign(new EventTarget(), {
			remoteAddr: multiaddr(`/ip4/${ip}/tcp/5`)
		}) as unknown as MultiaddrConnection;

	it('when full, closes the oldest roomless connection past its grace, never one with a room', () => {
		const old = connection(PEERS[0]!, 0);
		const oldWithRoom = connection(PEERS[1]!, 0);
		const { policy, refusals } = admission([oldWithRoom, old], [PEERS[1]!], 20_000);
		expect(policy.denyEncrypted(PEERS[2]!, maConn())).toBe(false);
		expect(old.aborted).toBe(true);
		expect(oldWithRoom.aborted).toBe(false);
		expect(refusals.get('connection:evicted-roomless')).toBe(1);
	});

	it('when full of young or roomed connections, refuses the newcomer', () => {
		const young = connection(PEERS[0]!, 15_000);
		const roomed = connection(PEERS[1]!, 0);
		const { policy, refusals } = admission([young, roomed], [PEERS[1]!], 20_000);
		expect(policy.denyEncrypted(PEERS[2]!, maConn())).toBe(true);
		expect(young.aborted || roomed.aborted).toBe(false);
		expect(refusals.get('connection:full')).toBe(1);
	});

	it('limits new connections per second from one address', () => {
		const refusals = new RefusalCounters();
		const policy = new ConnectionAdmission({
			maxConnections: 100,
			maxPerAddress: 100,
			maxPendingPerAddress: 100,
			newPerAddressPerSecond: 3,
			maxPerPeer: 1,
			connections: () => [],
			hasRoom: () => false,
			refusals
		});
		const results = Array.from({ length: 5 }, () => policy.denyInbound(maConn()));
		expect(results).toEqual([false, false, false, true, true]);
		expect(refusals.get('connection:rate-per-address')).toBe(2);
		expect(policy.denyInbound(maConn('10.0.0.10'))).toBe(false);
	});

	it('limits connections per peer and handshakes per address, freeing them on close', () => {
		const { policy, refusals } = admission([connection(PEERS[0]!, 0)], [], 0);
		expect(policy.denyEncrypted(PEERS[0]!, maConn())).toBe(true);
		expect(refusals.get('connection:per-peer')).toBe(1);

		const [a, b, c] = [maConn(), maConn(), maConn()];
		expect(policy.denyInbound(a)).toBe(false);
		expect(policy.denyInbound(b)).toBe(false);
		expect(policy.denyInbound(c)).toBe(true);
		expect(refusals.get('connection:pending-per-address')).toBe(1);
		policy.denyUpgraded(PEERS[1]!, a);
		expect(policy.denyInbound(c)).toBe(false);
		expect(policy.openFrom('10.0.0.9')).toBe(3);
		for (const conn of [a, b, c]) conn.dispatchEvent(new Event('close'));
		expect(policy.openFrom('10.0.0.9')).toBe(0);
	});
});

describe('ReservationPolicy', () => {
	function policyWith(connections: Map<string, Connection[]>, max = 2) {
		const reservations = new PeerMap<HeldReservation>();
		const refusals = new RefusalCounters();
		const policy = new ReservationPolicy({
			reservations,
			maxReservations: 10,
			maxPerAddress: 10,
			maxCircuitsPerPeer: max,
			connectionsOf: (peer) => connections.get(peer.toString()) ?? [],
			refusals
		});
		return { policy, reservations, refusals };
	}

	it('limits relayed connections per source and per destination', () => {
		const [source, busy, free] = PEERS as [PeerId, PeerId, PeerId];
		const hop = { protocol: HOP_PROTOCOL, direction: 'inbound' as const };
		const stop = { protocol: STOP_PROTOCOL, direction: 'outbound' as const };
		const connections = new Map([
			[source.toString(), [connection(source, 0, [hop, hop])]],
			[busy.toString(), [connection(busy, 0, [stop, stop])]],
			[free.toString(), [connection(free, 0, [stop])]]
		]);
		const { policy, refusals } = policyWith(connections);
		// Two hop streams: this request's and one open circuit.
		expect(policy.denyCircuit(source, free)).toBe(false);
		expect(policy.denyCircuit(source, busy)).toBe(true);
		expect(refusals.get('circuit:per-destination')).toBe(1);
		connections.get(source.toString())![0]!.streams.push(hop as never);
		expect(policy.denyCircuit(source, free)).toBe(true);
		expect(refusals.get('circuit:per-peer')).toBe(1);
	});

	it('keeps a reconnected peer’s new reservation when the released one’s stale timer fires', async () => {
		const peer = PEERS[0]!;
		const connections = new Map([[peer.toString(), [connection(peer, 0)]]]);
		const { policy, reservations } = policyWith(connections);
		// What the library does: the map entry goes when its signal aborts; a refresh resets it.
		const grant = (ms: number): HeldReservation => {
			const signal = retimeableSignal(ms);
			signal.addEventListener('abort', () => reservations.delete(peer));
			const held = { addr: multiaddr('/ip4/10.0.0.1/tcp/1'), signal };
			reservations.set(peer, held);
			return held;
		};
		const first = grant(40);
		(first.signal as ReturnType<typeof retimeableSignal>).reset(40);
		expect(policy.release(peer)).toBe(true);
		expect(reservations.has(peer)).toBe(false);

		expect(policy.denyReservation(peer)).toBe(false);
		const second = grant(10_000);
		await vi.waitFor(() => expect(first.signal.aborted).toBe(true), { timeout: 2000 });
		expect(reservations.get(peer)).toBe(second);
		second.signal.clear?.();
	});
});
