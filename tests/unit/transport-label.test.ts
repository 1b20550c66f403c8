import { multiaddr } from '@multiformats/multiaddr';
import { describe, expect, it } from 'vitest';
import { transportLabel } from '../../src/lib/p2p/transport-label.ts';

const relay = '/ip4/127.0.0.1/tcp/9090/ws/p2p/12D3KooWRM8Lk7PqFfVDwEtqjR8TznPz9fHs3XbPYEpNj7jVG6sL';
const peer = '12D3KooWEkgRTTXGsmFLBembMHxVPDcidJyqFcrqbm9iBE1xhdXq';

describe('transportLabel', () => {
	it.each([
		[`${relay}/p2p-circuit/webrtc/p2p/${peer}`, 'WebRTC'],
		[`/webrtc/p2p/${peer}`, 'WebRTC'],
		[
			`/ip4/127.0.0.1/udp/9091/webrtc-direct/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g/p2p/12D3KooWRM8Lk7PqFfVDwEtqjR8TznPz9fHs3XbPYEpNj7jVG6sL/p2p-circuit/webrtc/p2p/${peer}`,
			'WebRTC'
		],
		[`${relay}/p2p-circuit/p2p/${peer}`, 'Circuit Relay'],
		[relay, 'WebSockets'],
		['/dns4/relay.example.org/tcp/443/tls/ws', 'WebSockets'],
		['/dns4/relay.example.org/tcp/443/wss', 'WebSockets'],
		[
			'/ip4/127.0.0.1/udp/9091/webrtc-direct/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g',
			'WebRTC-Direct'
		],
		['/ip4/1.2.3.4/udp/4001/quic-v1/webtransport', 'WebTransport'],
		['/ip4/1.2.3.4/tcp/4001', 'Unknown']
	])('%s -> %s', (addr, label) => {
		expect(transportLabel(multiaddr(addr))).toBe(label);
	});
});
