import { describe, expect, it } from 'vitest';
import { chooseRoute, RoomPeers } from '../../src/lib/sync/fallback-routing.ts';

describe('fallback routing decision', () => {
	it('goes direct while nobody else is in the room', () => {
		expect(chooseRoute({ roomPeers: [], direct: new Set() })).toBe('direct');
		// A direct peer we have not heard of in the room (an old relay on the room topic) changes nothing.
		expect(chooseRoute({ roomPeers: [], direct: new Set(['relay']) })).toBe('direct');
	});

	it('goes direct once every room peer has a direct link', () => {
		expect(chooseRoute({ roomPeers: ['b', 'c'], direct: new Set(['b', 'c']) })).toBe('direct');
	});

	it('goes on the live links once they reach every room peer and every direct peer', () => {
		const direct = new Set(['b', 'c']);
		expect(chooseRoute({ roomPeers: ['b', 'c'], direct, live: new Set(['b', 'c']) })).toBe('live');
		// One of them has no live link yet (its stream is still opening): the room topic.
		expect(chooseRoute({ roomPeers: ['b', 'c'], direct, live: new Set(['b']) })).toBe('direct');
		// A direct peer not heard of in the room needs its live link too.
		expect(chooseRoute({ roomPeers: ['b'], direct, live: new Set(['b']) })).toBe('direct');
		// Nobody at all: the room topic (it reaches no one, and a newcomer's direct link soon).
		expect(chooseRoute({ roomPeers: [], direct: new Set(), live: new Set() })).toBe('direct');
	});

	it('goes through the relay while any room peer has no direct link, live links or not', () => {
		expect(
			chooseRoute({ roomPeers: ['b', 'c'], direct: new Set(['b']), live: new Set(['b']) })
		).toBe('fallback');
	});

	it('goes through the relay while any room peer has no direct link', () => {
		expect(chooseRoute({ roomPeers: ['b'], direct: new Set() })).toBe('fallback');
		expect(chooseRoute({ roomPeers: ['b', 'c'], direct: new Set(['b']) })).toBe('fallback');
		expect(chooseRoute({ roomPeers: ['c', 'b'], direct: new Set(['b', 'x']) })).toBe('fallback');
	});
});

describe('RoomPeers', () => {
	it('counts a peer for the TTL after it was last heard of', () => {
		const peers = new RoomPeers(1_000);
		peers.heard('b', 0);
		peers.heard('c', 500);
		expect(peers.current(999)).toEqual(['b', 'c']);
		expect(peers.current(1_000)).toEqual(['c']);
		peers.heard('c', 1_400); // heard again: counts from now
		expect(peers.current(2_399)).toEqual(['c']);
		expect(peers.current(2_400)).toEqual([]);
	});

	it('keeps the order of last hearing, so expiry stops at the first fresh peer', () => {
		const peers = new RoomPeers(1_000);
		peers.heard('b', 0);
		peers.heard('c', 100);
		peers.heard('b', 200);
		expect(peers.current(1_150)).toEqual(['b']);
	});

	it('forgets a peer that left at once, until it is heard of again', () => {
		const peers = new RoomPeers(1_000);
		peers.heard('b', 0);
		peers.forget('b');
		expect(peers.current(1)).toEqual([]);
		peers.heard('b', 2);
		expect(peers.current(3)).toEqual(['b']);
	});

	it('holds at most maxPeers, dropping the one heard of longest ago', () => {
		const peers = new RoomPeers(10_000, 2);
		peers.heard('a', 0);
		peers.heard('b', 1);
		peers.heard('a', 2);
		peers.heard('c', 3);
		expect(peers.current(4)).toEqual(['a', 'c']);
	});
});
