// The table of relay options: one entry per option (flag, env var, default, help, schema).
// Adding an entry makes the option parsed, validated and listed in --help.
import { isIP } from 'node:net';
import { multiaddr } from '@multiformats/multiaddr';
import * as v from 'valibot';

/**
 * WebRTC signalling over a relayed connection (noise + yamux + identify + SDP
 * offer/answer + ICE candidates) needs some KiB; below this floor browsers
 * could never upgrade to a direct connection, so smaller limits are refused.
 */
export const MIN_RELAY_DATA_LIMIT = 32 * 1024;
/** Signalling plus ICE checks must fit in the relayed connection's lifetime. */
export const MIN_RELAY_DURATION_SECONDS = 10;

export interface OptionSpec {
	/** Flag and value placeholder, as --help shows them: `--port <port>`. */
	usage: `--${string} <${string}>`;
	env: string;
	/** Raw default, converted by `schema` like a typed value. */
	default: string;
	/** What --help shows as the default, when not `default` itself. */
	defaultText?: string;
	description: string;
	/** Converts the raw string; an issue's message says what was expected. */
	schema: v.GenericSchema<string, unknown>;
}

// Checks run on the raw string, so an issue's `input` is what the user typed.
const MAX_INT = Number.MAX_SAFE_INTEGER;
const PORT = 'a port number between 0 and 65535';
const list = (raw: string) => raw.split(',').flatMap((part) => part.trim() || []);
const isOff = (raw: string) => raw.trim().toLowerCase() === 'off';
const isFilled = (raw: string) => raw.trim() !== '';
function isInteger(raw: string, min: number, max: number) {
	const n = Number(raw);
	return /^-?\d+$/.test(raw.trim()) && Number.isSafeInteger(n) && n >= min && n <= max;
}

/** A string accepted by `ok`; `expected` goes into the error message. */
const text = (expected: string, ok: (raw: string) => boolean) =>
	v.pipe(v.string(), v.check(ok, expected));
const integer = (min: number, max = MAX_INT, expected = `an integer >= ${min}`) =>
	v.pipe(
		text(expected, (raw) => isInteger(raw, min, max)),
		v.transform(Number)
	);
/** Seconds on the command line, milliseconds in the config. */
const seconds = (min: number) =>
	v.pipe(
		integer(min, MAX_INT / 1000),
		v.transform((s) => s * 1000)
	);
const port = integer(0, 65535, `${PORT}, 0 = random`);
const onOff = v.pipe(
	text('"on" or "off"', (raw) => ['on', 'off'].includes(raw.trim().toLowerCase())),
	v.transform((raw) => raw.trim().toLowerCase() === 'on')
);
/** Days on the command line, milliseconds in the config. */
const days = v.pipe(
	integer(1, MAX_INT / 86_400_000),
	v.transform((d) => d * 86_400_000)
);
/** null for "off": the listener is disabled. */
const portOrOff = v.pipe(
	text(`${PORT} (0 = random) or "off"`, (raw) => isOff(raw) || isInteger(raw, 0, 65535)),
	v.transform((raw) => (isOff(raw) ? null : Number(raw)))
);
const ip = v.pipe(
	text('an IPv4 or IPv6 address', (raw) => isIP(raw.trim()) !== 0),
	v.trim()
);
const prefixes = v.pipe(
	text('one or more comma-separated topic prefixes', (raw) => list(raw).length > 0),
	v.transform(list)
);
/** Issues name the bad entry, not the whole list. */
const multiaddrs = v.pipe(
	v.string(),
	v.transform(list),
	v.array(v.pipe(v.string(), v.rawCheck(checkMultiaddr)))
);

function checkMultiaddr({ dataset, addIssue }: v.RawCheckContext<string>) {
	try {
		if (dataset.typed && multiaddr(dataset.value).getComponents().length === 0)
			addIssue({ message: 'a non-empty multiaddr' });
	} catch (err) {
		const reason = err instanceof Error ? err.message : String(err);
		addIssue({ message: `a multiaddr such as /dns4/relay.example.com/tcp/443/tls/ws (${reason})` });
	}
}

/** Keyed by the RelayConfig field each option sets; --help lists them in this order. */
export const OPTIONS = {
	wsPort: {
		usage: '--port <port>',
		env: 'RELAY_PORT',
		default: '9090',
		description: 'WebSocket listen port (ws://), 0 = random',
		schema: port
	},
	host: {
		usage: '--host <ip>',
		env: 'RELAY_HOST',
		default: '0.0.0.0',
		description: 'IP address to bind all listeners to (IPv4 or IPv6)',
		schema: ip
	},
	webrtcDirectPort: {
		usage: '--webrtc-direct-port <port|off>',
		env: 'RELAY_WEBRTC_DIRECT_PORT',
		default: '9091',
		description: 'UDP port for /webrtc-direct, 0 = random, "off" disables',
		schema: portOrOff
	},
	tcpPort: {
		usage: '--tcp-port <port|off>',
		env: 'RELAY_TCP_PORT',
		default: '9092',
		description: 'TCP port for Node peers, 0 = random, "off" disables',
		schema: portOrOff
	},
	keyFile: {
		usage: '--key-file <path>',
		env: 'RELAY_KEY_FILE',
		default: '.relay-key',
		description: 'Ed25519 private key file (created with mode 0600 on first run)',
		schema: text('a file path', isFilled)
	},
	announce: {
		usage: '--announce <multiaddrs>',
		env: 'RELAY_ANNOUNCE',
		default: '',
		defaultText: '(listen addresses)',
		description: 'Comma-separated multiaddrs to announce instead of the listen addresses',
		schema: multiaddrs
	},
	maxReservations: {
		usage: '--max-reservations <n>',
		env: 'RELAY_MAX_RESERVATIONS',
		default: '1024',
		description: 'Maximum concurrent circuit-relay reservations (0 refuses all)',
		schema: integer(0)
	},
	maxReservationsPerAddress: {
		usage: '--max-reservations-per-ip <n>',
		env: 'RELAY_MAX_RESERVATIONS_PER_IP',
		default: '64',
		description:
			'Reservations from one IP address (IPv6: one /64); browsers behind a NAT share one',
		schema: integer(1)
	},
	reservationTtlMs: {
		usage: '--reservation-ttl <seconds>',
		env: 'RELAY_RESERVATION_TTL',
		default: '3600',
		description:
			'Lifetime of a reservation in seconds (clients refresh it; it ends when they leave)',
		schema: seconds(1)
	},
	maxCircuitsPerPeer: {
		usage: '--max-circuits-per-peer <n>',
		env: 'RELAY_MAX_CIRCUITS_PER_PEER',
		default: '16',
		description: 'Relayed connections one peer may have open through the relay, at either end',
		schema: integer(1)
	},
	relayDataLimit: {
		usage: '--relay-data-limit <bytes>',
		env: 'RELAY_DATA_LIMIT',
		default: '131072',
		description: `Bytes allowed per relayed connection (>= ${MIN_RELAY_DATA_LIMIT}, needed for WebRTC signalling)`,
		schema: v.pipe(integer(MIN_RELAY_DATA_LIMIT), v.toBigint())
	},
	relayDurationLimitMs: {
		usage: '--relay-duration-limit <seconds>',
		env: 'RELAY_DURATION_LIMIT',
		default: '120',
		description: `Lifetime of a relayed connection in seconds (>= ${MIN_RELAY_DURATION_SECONDS})`,
		schema: seconds(MIN_RELAY_DURATION_SECONDS)
	},
	maxConnections: {
		usage: '--max-connections <n>',
		env: 'RELAY_MAX_CONNECTIONS',
		default: '1024',
		description: 'Open connections; when full, a peer without a room makes way for a newcomer',
		schema: integer(1)
	},
	maxConnectionsPerAddress: {
		usage: '--max-connections-per-ip <n>',
		env: 'RELAY_MAX_CONNECTIONS_PER_IP',
		default: '128',
		description: 'Open connections from one IP address (IPv6: one /64)',
		schema: integer(1)
	},
	maxMirroredTopics: {
		usage: '--max-mirrored-topics <n>',
		env: 'RELAY_MAX_TOPICS',
		default: '1024',
		description:
			'Maximum topics the relay subscribes to for its peers (0 disables mirroring); it also stays within what gossipsub peers accept (~960 topics)',
		schema: integer(0)
	},
	maxTopicsPerPeer: {
		usage: '--max-topics-per-peer <n>',
		env: 'RELAY_MAX_TOPICS_PER_PEER',
		default: '8',
		description: 'Topics one peer may have mirrored (a browser needs 2 per room)',
		schema: integer(1)
	},
	maxTopicsPerAddress: {
		usage: '--max-topics-per-ip <n>',
		env: 'RELAY_MAX_TOPICS_PER_IP',
		default: '128',
		description: 'Topics the peers of one IP address (IPv6: one /64) may have mirrored together',
		schema: integer(1)
	},
	discoveryTopicPrefix: {
		usage: '--discovery-topic-prefix <prefix>',
		env: 'RELAY_DISCOVERY_TOPIC_PREFIX',
		default: 'whiteboard/discovery/',
		description: 'Prefix of per-room peer discovery topics (always mirrored)',
		schema: v.pipe(text('a non-empty topic prefix', isFilled), v.trim())
	},
	mirrorTopicPrefixes: {
		usage: '--mirror-topic-prefixes <prefixes>',
		env: 'RELAY_MIRROR_TOPIC_PREFIXES',
		// Room topics (whiteboard/room/) carry direct links only; whiteboard/ mirrors them too,
		// for browsers older than the fallback topic (at the cost of a copy of every message).
		default: 'whiteboard/fallback/',
		description:
			'Comma-separated topic prefixes the relay mirrors (subscribes to), besides discovery',
		schema: prefixes
	},
	gossipRate: {
		usage: '--gossip-rate <msgs/s>',
		env: 'RELAY_GOSSIP_RATE',
		default: '100',
		description: 'Gossip messages per second one peer may send through the relay',
		schema: integer(1)
	},
	gossipAddressRate: {
		usage: '--gossip-rate-per-ip <msgs/s>',
		env: 'RELAY_GOSSIP_RATE_PER_IP',
		default: '2000',
		description: 'Gossip messages per second the peers of one IP address may send together',
		schema: integer(1)
	},
	maxMessageBytes: {
		usage: '--max-message-bytes <bytes>',
		env: 'RELAY_MAX_MESSAGE_BYTES',
		default: '1048576',
		description: 'Largest gossip message the relay accepts or forwards (>= 1024)',
		schema: integer(1024)
	},
	statusIntervalMs: {
		usage: '--status-interval <seconds>',
		env: 'RELAY_STATUS_INTERVAL',
		default: '60',
		description: 'How often the status line (counts and refusals by reason) is logged, if changed',
		schema: seconds(1)
	},
	store: {
		usage: '--store <on|off>',
		env: 'RELAY_STORE',
		default: 'on',
		description: 'Keep an encrypted copy of each board (--no-store is short for --store off)',
		schema: onOff
	},
	dataDir: {
		usage: '--data-dir <path>',
		env: 'RELAY_DATA_DIR',
		default: '',
		defaultText: '(.relay-data next to the key file)',
		description: 'Directory of the board store (SQLite, created with mode 0700)',
		schema: v.pipe(v.string(), v.trim())
	},
	storeRoomBytes: {
		usage: '--store-room-bytes <bytes>',
		env: 'RELAY_STORE_ROOM_BYTES',
		default: String(64 * 1024 * 1024),
		description: 'Bytes the store keeps per board (>= 1048576)',
		schema: integer(1024 * 1024)
	},
	storeTotalBytes: {
		usage: '--store-total-bytes <bytes>',
		env: 'RELAY_STORE_TOTAL_BYTES',
		default: String(2 * 1024 * 1024 * 1024),
		description: 'Bytes the store keeps for all boards together',
		schema: integer(1024 * 1024)
	},
	storeWriteRate: {
		usage: '--store-write-rate <writes/s>',
		env: 'RELAY_STORE_WRITE_RATE',
		default: '20',
		description: 'Writes per second the store takes for one board',
		schema: integer(1)
	},
	storePeerRate: {
		usage: '--store-peer-rate <requests/s>',
		env: 'RELAY_STORE_PEER_RATE',
		default: '20',
		description: 'Store requests per second one peer may make (reads and writes)',
		schema: integer(1)
	},
	storeAddressRate: {
		usage: '--store-ip-rate <requests/s>',
		env: 'RELAY_STORE_IP_RATE',
		default: '200',
		description: 'Store requests per second from one IP address (IPv6: one /64)',
		schema: integer(1)
	},
	storeIdleMs: {
		usage: '--store-idle-days <days>',
		env: 'RELAY_STORE_IDLE_DAYS',
		default: '90',
		description: 'A board nobody opened or changed for this many days is deleted',
		schema: days
	}
} satisfies Record<string, OptionSpec>;
