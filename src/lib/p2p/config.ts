import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { DEFAULT_PUBLIC_ICE_SERVERS, DEFAULT_RELAY_PORT } from './constants';

/** Where the browser node finds relays and how it may reach them. */
export interface NetworkConfig {
	relays: Multiaddr[];
	iceServers: RTCIceServer[];
	/** Allow dialling loopback/private addresses (a relay on localhost or on the LAN). */
	allowPrivateAddresses: boolean;
	/** Allow plain ws:// (only possible from a page that is itself served over http). */
	allowInsecureWebSockets: boolean;
}

export interface NetworkConfigSources {
	/** The page's URL. */
	location: URL;
	/** Build-time comma-separated relay multiaddrs (VITE_RELAYS). */
	buildRelays?: string;
	/** Build-time ICE servers as JSON (VITE_ICE_SERVERS), e.g. [{"urls":"stun:stun.example.org"}]. */
	buildIceServers?: string;
}

export class NetworkConfigError extends Error {
	override name = 'NetworkConfigError';
}

const PRIVATE_HOST =
	/^(localhost|.*\.localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|\[?::1\]?|.*\.local)$/i;

function parseRelay(text: string, source: string): Multiaddr {
	try {
		return multiaddr(text.trim());
	} catch (err) {
		throw new NetworkConfigError(
			`${source}: "${text}" is not a multiaddr (${(err as Error).message})`
		);
	}
}

function defaultRelay(location: URL): Multiaddr {
	const host = location.hostname.replace(/^\[|\]$/g, '');
	const secure = location.protocol === 'https:';
	const proto = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? 'ip4' : host.includes(':') ? 'ip6' : 'dns4';
	return multiaddr(`/${proto}/${host}/tcp/${DEFAULT_RELAY_PORT}/${secure ? 'tls/ws' : 'ws'}`);
}

function parseIceServers(json: string): RTCIceServer[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(json);
	} catch {
		throw new NetworkConfigError(`ICE servers: not valid JSON: ${json}`);
	}
	const valid =
		Array.isArray(parsed) &&
		parsed.every(
			(s) =>
				typeof s === 'object' &&
				s != null &&
				(typeof s.urls === 'string' ||
					(Array.isArray(s.urls) && s.urls.every((u: unknown) => typeof u === 'string')))
		);
	if (!valid) throw new NetworkConfigError('ICE servers: expected an array of {"urls": ...}');
	return parsed as RTCIceServer[];
}

/**
 * Resolves the network configuration: relays from `?relay=` (repeatable), else from the build,
 * else the page's own host on the relay port. ICE servers come from the build; without them a page
 * on localhost or a LAN uses none (nothing to traverse) and a page on a public host public STUN.
 */
export function resolveNetworkConfig(sources: NetworkConfigSources): NetworkConfig {
	const { location } = sources;
	const fromQuery = location.searchParams.getAll('relay').filter((r) => r.trim() !== '');
	const fromBuild = (sources.buildRelays ?? '').split(',').filter((r) => r.trim() !== '');
	const relays =
		fromQuery.length > 0
			? fromQuery.map((r) => parseRelay(r, '?relay='))
			: fromBuild.length > 0
				? fromBuild.map((r) => parseRelay(r, 'VITE_RELAYS'))
				: [defaultRelay(location)];
	const pageIsPrivate = PRIVATE_HOST.test(location.hostname);
	const relayIsPrivate = relays.some((r) => {
		const host = r.getComponents()[0]?.value ?? '';
		return PRIVATE_HOST.test(host);
	});
	const iceJson = sources.buildIceServers?.trim() ?? '';
	return {
		relays,
		iceServers:
			iceJson !== '' ? parseIceServers(iceJson) : pageIsPrivate ? [] : DEFAULT_PUBLIC_ICE_SERVERS,
		allowPrivateAddresses: pageIsPrivate || relayIsPrivate,
		allowInsecureWebSockets: location.protocol === 'http:'
	};
}
