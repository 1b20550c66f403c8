import { describe, expect, it } from 'vitest';
import { NetworkConfigError, resolveNetworkConfig } from '../../src/lib/p2p/config.ts';
import { connectionGater } from '../../src/lib/p2p/gater.ts';
import { multiaddr } from '@multiformats/multiaddr';

const at = (href: string, extra: { buildRelays?: string; buildIceServers?: string } = {}) =>
	resolveNetworkConfig({ location: new URL(href), ...extra });

describe('resolveNetworkConfig', () => {
	it('uses the relay on the page host, no ICE servers, for a page on localhost', () => {
		const config = at('http://localhost:4173/room/abcd');
		expect(config.relays.map(String)).toEqual(['/dns4/localhost/tcp/9090/ws']);
		expect(config.iceServers).toEqual([]);
		expect(config.allowPrivateAddresses).toBe(true);
		expect(config.allowInsecureWebSockets).toBe(true);
	});

	it('uses a secure websocket relay and public STUN for an https page on a public host', () => {
		const config = at('https://board.example.org/room/abcd');
		expect(config.relays.map(String)).toEqual(['/dns4/board.example.org/tcp/9090/tls/ws']);
		expect(config.iceServers.length).toBeGreaterThan(0);
		expect(config.allowPrivateAddresses).toBe(false);
		expect(config.allowInsecureWebSockets).toBe(false);
	});

	it('addresses an IP host with /ip4', () => {
		expect(at('http://192.168.1.20:4173/').relays.map(String)).toEqual([
			'/ip4/192.168.1.20/tcp/9090/ws'
		]);
	});

	it('prefers ?relay= (repeatable) over the build list', () => {
		const config = at(
			'https://board.example.org/room/x?relay=/ip4/127.0.0.1/tcp/19090/ws&relay=/dns4/r.example.org/tcp/443/tls/ws',
			{ buildRelays: '/dns4/build.example.org/tcp/443/tls/ws' }
		);
		expect(config.relays.map(String)).toEqual([
			'/ip4/127.0.0.1/tcp/19090/ws',
			'/dns4/r.example.org/tcp/443/tls/ws'
		]);
		// A relay on loopback may be dialled even from a public page.
		expect(config.allowPrivateAddresses).toBe(true);
	});

	it('uses the build relay list when the link names none', () => {
		const config = at('https://board.example.org/', {
			buildRelays: '/dns4/a.example.org/tcp/443/tls/ws, /dns4/b.example.org/tcp/443/tls/ws'
		});
		expect(config.relays.map(String)).toEqual([
			'/dns4/a.example.org/tcp/443/tls/ws',
			'/dns4/b.example.org/tcp/443/tls/ws'
		]);
	});

	it('takes ICE servers from the build', () => {
		const config = at('http://localhost/', {
			buildIceServers: '[{"urls":"turn:turn.example.org","username":"u","credential":"c"}]'
		});
		expect(config.iceServers).toEqual([
			{ urls: 'turn:turn.example.org', username: 'u', credential: 'c' }
		]);
	});

	it('rejects a bad relay or bad ICE servers with a message that names the source', () => {
		expect(() => at('http://localhost/?relay=not-a-multiaddr')).toThrow(NetworkConfigError);
		expect(() => at('http://localhost/?relay=not-a-multiaddr')).toThrow(
			/\?relay=.*not-a-multiaddr/
		);
		expect(() => at('http://localhost/', { buildRelays: '/nope/1' })).toThrow(/VITE_RELAYS/);
		expect(() => at('http://localhost/', { buildIceServers: '{' })).toThrow(/not valid JSON/);
		expect(() => at('http://localhost/', { buildIceServers: '[{"url":1}]' })).toThrow(/urls/);
	});
});

describe('connectionGater', () => {
	const local = multiaddr('/ip4/127.0.0.1/tcp/9090/ws');
	const secure = multiaddr('/dns4/relay.example.org/tcp/443/tls/ws');

	it('refuses ws:// and private addresses unless the configuration allows them', () => {
		const strict = connectionGater({
			allowPrivateAddresses: false,
			allowInsecureWebSockets: false
		});
		expect(strict.denyDialMultiaddr?.(local)).toBe(true);
		expect(strict.denyDialMultiaddr?.(secure)).toBe(false);
		const lan = connectionGater({ allowPrivateAddresses: true, allowInsecureWebSockets: true });
		expect(lan.denyDialMultiaddr?.(local)).toBe(false);
	});
});
