import { multiaddr } from '@multiformats/multiaddr';
import { describe, expect, it } from 'vitest';
import { preferredWebRTCAddrs } from '../../src/lib/p2p/webrtc-addrs.ts';

const relay = '12D3KooWRM8Lk7PqFfVDwEtqjR8TznPz9fHs3XbPYEpNj7jVG6sL';
const peer = '12D3KooWEkgRTTXGsmFLBembMHxVPDcidJyqFcrqbm9iBE1xhdXq';
const ws = `/ip4/127.0.0.1/tcp/9090/ws/p2p/${relay}/p2p-circuit/webrtc/p2p/${peer}`;
const wss = `/dns4/r.example.org/tcp/443/tls/ws/p2p/${relay}/p2p-circuit/webrtc/p2p/${peer}`;
const direct = `/ip4/127.0.0.1/udp/9091/webrtc-direct/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g/p2p/${relay}/p2p-circuit/webrtc/p2p/${peer}`;
const circuitOnly = `/ip4/127.0.0.1/tcp/9090/ws/p2p/${relay}/p2p-circuit/p2p/${peer}`;

describe('preferredWebRTCAddrs', () => {
	it('keeps only WebRTC addresses signalled through a WebSockets relay when there are some', () => {
		const chosen = preferredWebRTCAddrs([direct, circuitOnly, ws, wss].map((a) => multiaddr(a)));
		expect(chosen.map(String).sort()).toEqual([ws, wss].sort());
	});

	it('falls back to other relay paths, and to nothing when the peer has no WebRTC address', () => {
		expect(preferredWebRTCAddrs([multiaddr(direct)]).map(String)).toEqual([direct]);
		expect(preferredWebRTCAddrs([multiaddr(circuitOnly)])).toEqual([]);
		expect(preferredWebRTCAddrs([])).toEqual([]);
	});
});
