// The table of relay options: one entry per option (flag, env var, default, help, schema).
// Adding an entry makes the option parsed, validated and listed in --help.
import * as v from 'valibot';
import {
	isFilled,
	text,
	integer,
	seconds,
	port,
	onOff,
	days,
	portOrOff,
	ip,
	prefixes,
	multiaddrs,
	peerMultiaddrs
} from './option-schemas.ts';

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
	peers: {
		usage: '--peer <multiaddr>',
		env: 'RELAY_PEERS',
		default: '',
		defaultText: '(none)',
		description:
			'Another relay to peer with (repeat the flag, or comma-separate); must end in /p2p/<id>',
		schema: peerMultiaddrs
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
	metricsPort: {
		usage: '--metrics-port <port|off>',
		env: 'RELAY_METRICS_PORT',
		default: 'off',
		description: 'HTTP port for /health and /metrics (Prometheus), 0 = random, "off" disables',
		schema: portOrOff
	},
	metricsHost: {
		usage: '--metrics-host <ip>',
		env: 'RELAY_METRICS_HOST',
		default: '127.0.0.1',
		description: 'IP address the /health and /metrics endpoint binds to',
		schema: ip
	},
	logFormat: {
		usage: '--log-format <text|json>',
		env: 'RELAY_LOG_FORMAT',
		default: 'text',
		description: 'Log lines as text, or as JSON lines with a level (for log shippers)',
		schema: v.pipe(
			text('"text" or "json"', (raw) => ['text', 'json'].includes(raw.trim().toLowerCase())),
			v.transform((raw) => raw.trim().toLowerCase() as 'text' | 'json')
		)
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
