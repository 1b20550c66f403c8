// The table of relay options: flag, env var, default, help text and validator.
// Adding an option here makes it parsed, validated and listed in --help.
import { isIPv4, isIPv6 } from 'node:net';
import { multiaddr } from '@multiformats/multiaddr';
import type { RelayConfig } from './options.ts';

export class RelayOptionsError extends Error {
	override readonly name = 'RelayOptionsError';
	/** Where the bad value came from: `--port`, or `RELAY_PORT (--port)` for env vars. */
	readonly option: string;

	constructor(option: string, message: string) {
		super(message);
		this.option = option;
	}
}

/**
 * WebRTC signalling over a relayed connection (noise + yamux + identify + SDP
 * offer/answer + ICE candidates) needs some KiB; below this floor browsers
 * could never upgrade to a direct connection, so smaller limits are refused.
 */
export const MIN_RELAY_DATA_LIMIT = 32 * 1024;
/** Signalling plus ICE checks must fit in the relayed connection's lifetime. */
export const MIN_RELAY_DURATION_SECONDS = 10;

export interface OptionSpec {
	flag: string;
	env?: string;
	/** Placeholder shown in --help, e.g. `<port>`. */
	arg: string;
	defaultText: string;
	description: string;
	apply(values: RelayConfig, raw: string, source: string): void;
}

/** `source` names what the user actually typed: the flag or the env var. */
function fail(source: string, raw: string, expected: string): never {
	throw new RelayOptionsError(
		source,
		`Invalid value for ${source}: "${raw}" (expected ${expected})`
	);
}

function parseInteger(raw: string, source: string, min: number, max: number, expected: string) {
	const trimmed = raw.trim();
	if (!/^-?\d+$/.test(trimmed)) fail(source, raw, expected);
	const value = Number(trimmed);
	if (!Number.isSafeInteger(value) || value < min || value > max) fail(source, raw, expected);
	return value;
}

function parsePort(raw: string, source: string) {
	return parseInteger(raw, source, 0, 65535, 'a port number between 0 and 65535, 0 = random');
}

function parseOptionalPort(raw: string, source: string) {
	if (raw.trim().toLowerCase() === 'off') return null;
	return parseInteger(
		raw,
		source,
		0,
		65535,
		'a port number between 0 and 65535 (0 = random) or "off"'
	);
}

function parseList(raw: string) {
	return raw
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part.length > 0);
}

const MAX_INT = Number.MAX_SAFE_INTEGER;

export const OPTIONS: OptionSpec[] = [
	{
		flag: '--port',
		env: 'RELAY_PORT',
		arg: '<port>',
		defaultText: '9090',
		description: 'WebSocket listen port (ws://), 0 = random',
		apply: (v, raw, src) => (v.wsPort = parsePort(raw, src))
	},
	{
		flag: '--host',
		env: 'RELAY_HOST',
		arg: '<ip>',
		defaultText: '0.0.0.0',
		description: 'IP address to bind all listeners to (IPv4 or IPv6)',
		apply: (v, raw, src) => {
			const host = raw.trim();
			if (!isIPv4(host) && !isIPv6(host)) fail(src, raw, 'an IPv4 or IPv6 address');
			v.host = host;
		}
	},
	{
		flag: '--webrtc-direct-port',
		env: 'RELAY_WEBRTC_DIRECT_PORT',
		arg: '<port|off>',
		defaultText: '9091',
		description: 'UDP port for /webrtc-direct, 0 = random, "off" disables',
		apply: (v, raw, src) => (v.webrtcDirectPort = parseOptionalPort(raw, src))
	},
	{
		flag: '--tcp-port',
		env: 'RELAY_TCP_PORT',
		arg: '<port|off>',
		defaultText: '9092',
		description: 'TCP port for Node peers, 0 = random, "off" disables',
		apply: (v, raw, src) => (v.tcpPort = parseOptionalPort(raw, src))
	},
	{
		flag: '--key-file',
		env: 'RELAY_KEY_FILE',
		arg: '<path>',
		defaultText: '.relay-key',
		description: 'Ed25519 private key file (created with mode 0600 on first run)',
		apply: (v, raw, src) => {
			if (raw.trim() === '') fail(src, raw, 'a file path');
			v.keyFile = raw;
		}
	},
	{
		flag: '--announce',
		env: 'RELAY_ANNOUNCE',
		arg: '<multiaddrs>',
		defaultText: '(listen addresses)',
		description: 'Comma-separated multiaddrs to announce instead of the listen addresses',
		apply: (v, raw, src) => {
			v.announce = parseList(raw).map((entry) => {
				try {
					if (multiaddr(entry).getComponents().length > 0) return entry;
				} catch (err) {
					fail(
						src,
						entry,
						`a multiaddr such as /dns4/relay.example.com/tcp/443/tls/ws (${errorText(err)})`
					);
				}
				return fail(src, entry, 'a non-empty multiaddr');
			});
		}
	},
	{
		flag: '--max-reservations',
		env: 'RELAY_MAX_RESERVATIONS',
		arg: '<n>',
		defaultText: '128',
		description: 'Maximum concurrent circuit-relay reservations (0 refuses all)',
		apply: (v, raw, src) =>
			(v.maxReservations = parseInteger(raw, src, 0, MAX_INT, 'an integer >= 0'))
	},
	{
		flag: '--reservation-ttl',
		env: 'RELAY_RESERVATION_TTL',
		arg: '<seconds>',
		defaultText: '7200',
		description: 'Lifetime of a reservation in seconds (clients refresh it)',
		apply: (v, raw, src) =>
			(v.reservationTtlMs = parseInteger(raw, src, 1, MAX_INT / 1000, 'an integer >= 1') * 1000)
	},
	{
		flag: '--relay-data-limit',
		env: 'RELAY_DATA_LIMIT',
		arg: '<bytes>',
		defaultText: '131072',
		description: `Bytes allowed per relayed connection (>= ${MIN_RELAY_DATA_LIMIT}, needed for WebRTC signalling)`,
		apply: (v, raw, src) =>
			(v.relayDataLimit = BigInt(
				parseInteger(
					raw,
					src,
					MIN_RELAY_DATA_LIMIT,
					MAX_INT,
					`an integer >= ${MIN_RELAY_DATA_LIMIT}`
				)
			))
	},
	{
		flag: '--relay-duration-limit',
		env: 'RELAY_DURATION_LIMIT',
		arg: '<seconds>',
		defaultText: '120',
		description: `Lifetime of a relayed connection in seconds (>= ${MIN_RELAY_DURATION_SECONDS})`,
		apply: (v, raw, src) =>
			(v.relayDurationLimitMs =
				parseInteger(
					raw,
					src,
					MIN_RELAY_DURATION_SECONDS,
					MAX_INT / 1000,
					`an integer >= ${MIN_RELAY_DURATION_SECONDS}`
				) * 1000)
	},
	{
		flag: '--max-connections',
		env: 'RELAY_MAX_CONNECTIONS',
		arg: '<n>',
		defaultText: '512',
		description: 'Connection manager limit before pruning',
		apply: (v, raw, src) =>
			(v.maxConnections = parseInteger(raw, src, 1, MAX_INT, 'an integer >= 1'))
	},
	{
		flag: '--max-mirrored-topics',
		env: 'RELAY_MAX_TOPICS',
		arg: '<n>',
		defaultText: '1024',
		description: 'Maximum topics the relay subscribes to for its peers (0 disables mirroring)',
		apply: (v, raw, src) =>
			(v.maxMirroredTopics = parseInteger(raw, src, 0, MAX_INT, 'an integer >= 0'))
	},
	{
		flag: '--discovery-topic-prefix',
		env: 'RELAY_DISCOVERY_TOPIC_PREFIX',
		arg: '<prefix>',
		defaultText: 'whiteboard/discovery/',
		description: 'Prefix of per-room peer discovery topics (always mirrored)',
		apply: (v, raw, src) => {
			if (raw.trim() === '') fail(src, raw, 'a non-empty topic prefix');
			v.discoveryTopicPrefix = raw.trim();
		}
	},
	{
		flag: '--mirror-topic-prefixes',
		env: 'RELAY_MIRROR_TOPIC_PREFIXES',
		arg: '<prefixes>',
		defaultText: 'whiteboard/',
		description: 'Comma-separated topic prefixes the relay mirrors (subscribes to)',
		apply: (v, raw, src) => {
			const prefixes = parseList(raw);
			if (prefixes.length === 0) fail(src, raw, 'one or more comma-separated topic prefixes');
			v.mirrorTopicPrefixes = prefixes;
		}
	},
	{
		flag: '--gossip-rate',
		env: 'RELAY_GOSSIP_RATE',
		arg: '<msgs/s>',
		defaultText: '100',
		description: 'Gossip messages per second one peer may send through the relay',
		apply: (v, raw, src) => (v.gossipRate = parseInteger(raw, src, 1, MAX_INT, 'an integer >= 1'))
	},
	{
		flag: '--max-message-bytes',
		env: 'RELAY_MAX_MESSAGE_BYTES',
		arg: '<bytes>',
		defaultText: '1048576',
		description: 'Largest gossip message the relay accepts or forwards (>= 1024)',
		apply: (v, raw, src) =>
			(v.maxMessageBytes = parseInteger(raw, src, 1024, MAX_INT, 'an integer >= 1024'))
	}
];

function errorText(err: unknown) {
	return err instanceof Error ? err.message : String(err);
}

export function defaultRelayConfig(): RelayConfig {
	return {
		host: '0.0.0.0',
		wsPort: 9090,
		webrtcDirectPort: 9091,
		tcpPort: 9092,
		keyFile: '.relay-key',
		announce: [],
		maxReservations: 128,
		reservationTtlMs: 2 * 60 * 60 * 1000,
		relayDataLimit: 131072n,
		relayDurationLimitMs: 120_000,
		maxConnections: 512,
		maxMirroredTopics: 1024,
		discoveryTopicPrefix: 'whiteboard/discovery/',
		mirrorTopicPrefixes: ['whiteboard/'],
		gossipRate: 100,
		maxMessageBytes: 1024 * 1024
	};
}
