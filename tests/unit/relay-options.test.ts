import { describe, expect, it } from 'vitest';
import {
	parseRelayOptions,
	relayHelpText,
	RelayOptionsError,
	type RelayConfig
} from '../../relay/options.ts';

function config(argv: string[], env: Record<string, string | undefined> = {}): RelayConfig {
	const command = parseRelayOptions(argv, env);
	if (command.kind !== 'run') throw new Error(`expected run, got ${command.kind}`);
	return command.config;
}

function errorOf(argv: string[], env: Record<string, string | undefined> = {}): RelayOptionsError {
	try {
		parseRelayOptions(argv, env);
	} catch (err) {
		if (err instanceof RelayOptionsError) return err;
		throw err;
	}
	throw new Error('expected a RelayOptionsError');
}

describe('parseRelayOptions', () => {
	it('uses defaults suited to a public relay', () => {
		expect(config([])).toEqual({
			host: '0.0.0.0',
			wsPort: 9090,
			webrtcDirectPort: 9091,
			tcpPort: 9092,
			keyFile: '.relay-key',
			announce: [],
			peers: [],
			maxReservations: 1024,
			maxReservationsPerAddress: 64,
			reservationTtlMs: 3_600_000,
			maxCircuitsPerPeer: 16,
			relayDataLimit: 131072n,
			relayDurationLimitMs: 120_000,
			maxConnections: 1024,
			maxConnectionsPerAddress: 128,
			maxMirroredTopics: 1024,
			maxTopicsPerPeer: 8,
			maxTopicsPerAddress: 128,
			discoveryTopicPrefix: 'whiteboard/discovery/',
			mirrorTopicPrefixes: ['whiteboard/fallback/', 'whiteboard/discovery/'],
			gossipRate: 100,
			gossipAddressRate: 2000,
			maxMessageBytes: 1048576,
			metricsPort: null,
			metricsHost: '127.0.0.1',
			logFormat: 'text',
			statusIntervalMs: 60_000,
			store: true,
			dataDir: '',
			storeRoomBytes: 64 * 1024 * 1024,
			storeTotalBytes: 2 * 1024 * 1024 * 1024,
			storeWriteRate: 20,
			storePeerRate: 20,
			storeAddressRate: 200,
			storeIdleMs: 90 * 86_400_000
		});
	});

	it('reads every option from the environment', () => {
		const c = config([], {
			RELAY_PORT: '1000',
			RELAY_HOST: '127.0.0.1',
			RELAY_WEBRTC_DIRECT_PORT: 'off',
			RELAY_TCP_PORT: '0',
			RELAY_KEY_FILE: '/tmp/k',
			RELAY_ANNOUNCE: '/dns4/relay.example.com/tcp/443/tls/ws, /ip4/1.2.3.4/tcp/9090/ws',
			RELAY_PEERS:
				'/ip4/10.0.0.2/tcp/9092/p2p/12D3KooWPbP6Ba3uKqAizAaJmhjZvQfnpGi5P19Z7cQDpBuk9j5q',
			RELAY_MAX_RESERVATIONS: '7',
			RELAY_MAX_RESERVATIONS_PER_IP: '3',
			RELAY_RESERVATION_TTL: '60',
			RELAY_MAX_CIRCUITS_PER_PEER: '2',
			RELAY_DATA_LIMIT: '65536',
			RELAY_DURATION_LIMIT: '30',
			RELAY_MAX_CONNECTIONS: '20',
			RELAY_MAX_CONNECTIONS_PER_IP: '4',
			RELAY_MAX_TOPICS: '5',
			RELAY_MAX_TOPICS_PER_PEER: '6',
			RELAY_MAX_TOPICS_PER_IP: '9',
			RELAY_DISCOVERY_TOPIC_PREFIX: 'app/disc/',
			RELAY_MIRROR_TOPIC_PREFIXES: 'app/',
			RELAY_GOSSIP_RATE: '20',
			RELAY_GOSSIP_RATE_PER_IP: '30',
			RELAY_MAX_MESSAGE_BYTES: '65536',
			RELAY_METRICS_PORT: '9100',
			RELAY_METRICS_HOST: '0.0.0.0',
			RELAY_LOG_FORMAT: 'json',
			RELAY_STATUS_INTERVAL: '5',
			RELAY_STORE: 'off',
			RELAY_DATA_DIR: '/var/lib/boards',
			RELAY_STORE_ROOM_BYTES: '2000000',
			RELAY_STORE_TOTAL_BYTES: '9000000',
			RELAY_STORE_WRITE_RATE: '5',
			RELAY_STORE_PEER_RATE: '7',
			RELAY_STORE_IP_RATE: '8',
			RELAY_STORE_IDLE_DAYS: '2'
		});
		expect(c).toEqual({
			host: '127.0.0.1',
			wsPort: 1000,
			webrtcDirectPort: null,
			tcpPort: 0,
			keyFile: '/tmp/k',
			announce: ['/dns4/relay.example.com/tcp/443/tls/ws', '/ip4/1.2.3.4/tcp/9090/ws'],
			peers: ['/ip4/10.0.0.2/tcp/9092/p2p/12D3KooWPbP6Ba3uKqAizAaJmhjZvQfnpGi5P19Z7cQDpBuk9j5q'],
			maxReservations: 7,
			maxReservationsPerAddress: 3,
			reservationTtlMs: 60_000,
			maxCircuitsPerPeer: 2,
			relayDataLimit: 65536n,
			relayDurationLimitMs: 30_000,
			maxConnections: 20,
			maxConnectionsPerAddress: 4,
			maxMirroredTopics: 5,
			maxTopicsPerPeer: 6,
			maxTopicsPerAddress: 9,
			discoveryTopicPrefix: 'app/disc/',
			mirrorTopicPrefixes: ['app/'],
			gossipRate: 20,
			gossipAddressRate: 30,
			maxMessageBytes: 65536,
			metricsPort: 9100,
			metricsHost: '0.0.0.0',
			logFormat: 'json',
			statusIntervalMs: 5_000,
			store: false,
			dataDir: '/var/lib/boards',
			storeRoomBytes: 2_000_000,
			storeTotalBytes: 9_000_000,
			storeWriteRate: 5,
			storePeerRate: 7,
			storeAddressRate: 8,
			storeIdleMs: 2 * 86_400_000
		});
	});

	it('turns the store off with --no-store, and refuses a store too small to hold a board', () => {
		expect(config(['--no-store']).store).toBe(false);
		expect(config(['--store', 'on', '--no-store']).store).toBe(false);
		expect(config([]).store).toBe(true);
		expect(() => parseRelayOptions(['--store-room-bytes', '1000'], {})).toThrow(
			/--store-room-bytes.*1048576/
		);
		expect(() => parseRelayOptions(['--store', 'maybe'], {})).toThrow(/"on" or "off"/);
	});

	it('adds up repeated --peer flags, and refuses a peer address without its peer id', () => {
		const a = '/ip4/10.0.0.2/tcp/9092/p2p/12D3KooWPbP6Ba3uKqAizAaJmhjZvQfnpGi5P19Z7cQDpBuk9j5q';
		const b =
			'/dns4/relay2.example.com/tcp/443/tls/ws/p2p/12D3KooWPe7hbuNyzdPvtNfYtQdHMHJfpmVCY9d2ocdtweRAb6pr';
		expect(config(['--peer', a, `--peer=${b}`]).peers).toEqual([a, b]);
		expect(() => parseRelayOptions(['--peer', '/ip4/10.0.0.2/tcp/9092'], {})).toThrow(
			/--peer.*\/p2p\/<peer id>/
		);
		expect(() => parseRelayOptions(['--peer', 'relay2:9092'], {})).toThrow(/--peer.*multiaddr/);
	});

	it('lets flags win over environment variables', () => {
		const env = { RELAY_PORT: '1000', RELAY_TCP_PORT: '2000', RELAY_MAX_TOPICS: '3' };
		const c = config(['--port', '19090', '--tcp-port=off', '--max-mirrored-topics', '9'], env);
		expect(c.wsPort).toBe(19090);
		expect(c.tcpPort).toBeNull();
		expect(c.maxMirroredTopics).toBe(9);
	});

	it('accepts --flag=value and --flag value, IPv6 hosts and port 0', () => {
		const c = config(['--host=::1', '--webrtc-direct-port', '0', '--relay-data-limit=200000']);
		expect(c.host).toBe('::1');
		expect(c.webrtcDirectPort).toBe(0);
		expect(c.relayDataLimit).toBe(200000n);
	});

	it('always mirrors the discovery prefix', () => {
		const c = config(['--mirror-topic-prefixes', 'a/,b/', '--discovery-topic-prefix', 'disc/']);
		expect(c.mirrorTopicPrefixes).toEqual(['a/', 'b/', 'disc/']);
	});

	it('recognises --help and --version, even next to broken options', () => {
		expect(parseRelayOptions(['--help'], {})).toEqual({ kind: 'help' });
		expect(parseRelayOptions(['-h', '--port', 'nope'], {})).toEqual({ kind: 'help' });
		expect(parseRelayOptions(['--version'], {})).toEqual({ kind: 'version' });
	});

	it.each([
		[['--port', 'abc'], '--port', 'abc', 'port number between 0 and 65535'],
		[['--port', '65536'], '--port', '65536', 'port number between 0 and 65535'],
		[['--port', '-1'], '--port', '-1', 'port number'],
		[['--port', '80.5'], '--port', '80.5', 'port number'],
		[['--tcp-port', 'of'], '--tcp-port', 'of', '"off"'],
		[['--webrtc-direct-port', '70000'], '--webrtc-direct-port', '70000', '"off"'],
		[['--host', 'localhost'], '--host', 'localhost', 'IPv4 or IPv6 address'],
		[['--max-reservations', '-5'], '--max-reservations', '-5', 'integer >= 0'],
		[['--reservation-ttl', '0'], '--reservation-ttl', '0', 'integer >= 1'],
		[['--relay-data-limit', '1000'], '--relay-data-limit', '1000', 'integer >= 32768'],
		[['--relay-duration-limit', '-1'], '--relay-duration-limit', '-1', 'integer >= 10'],
		[['--max-connections', '0'], '--max-connections', '0', 'integer >= 1'],
		[['--max-mirrored-topics', 'many'], '--max-mirrored-topics', 'many', 'integer >= 0'],
		[['--gossip-rate', '0'], '--gossip-rate', '0', 'integer >= 1'],
		[['--max-message-bytes', '100'], '--max-message-bytes', '100', 'integer >= 1024'],
		[['--announce', 'not-a-multiaddr'], '--announce', 'not-a-multiaddr', 'multiaddr'],
		[['--announce', '/ip4/1.2.3.4/tcp/x/ws'], '--announce', '/ip4/1.2.3.4/tcp/x/ws', 'multiaddr'],
		[['--mirror-topic-prefixes', ' , '], '--mirror-topic-prefixes', ' , ', 'topic prefixes']
	])(
		'rejects %j with a message naming option, value and expectation',
		(argv, option, value, expected) => {
			const err = errorOf(argv);
			expect(err).toBeInstanceOf(RelayOptionsError);
			expect(err.name).toBe('RelayOptionsError');
			expect(err.option).toBe(option);
			expect(err.message).toContain(option);
			expect(err.message).toContain(`"${value}"`);
			expect(err.message).toContain(expected);
		}
	);

	it('names the environment variable when the bad value came from it', () => {
		const err = errorOf([], { RELAY_PORT: 'ninety' });
		expect(err.message).toBe(
			'Invalid value for RELAY_PORT (--port): "ninety" (expected a port number between 0 and 65535, 0 = random)'
		);
	});

	it('ignores empty environment variables', () => {
		expect(config([], { RELAY_PORT: '' }).wsPort).toBe(9090);
	});

	it('rejects unknown flags, positional arguments and missing values', () => {
		expect(errorOf(['--prot', '1']).message).toMatch(/Unknown option --prot/);
		expect(errorOf(['9090']).message).toMatch(/Unexpected argument "9090"/);
		expect(errorOf(['--port']).message).toMatch(/Missing value for --port/);
		expect(errorOf(['--port', '--host', '::1']).message).toMatch(/Missing value for --port/);
	});

	// parseArgs (non-strict) splits argv; these pin where the relay's rules differ from its own
	it.each([
		[['-hv'], '-hv', 'Unexpected argument "-hv"'],
		[['-x', '1'], '-x', 'Unexpected argument "-x"'],
		[['-'], '-', 'Unexpected argument "-"'],
		[['--help=1'], '--help', 'Unknown option --help'],
		[['--nope=1'], '--nope', 'Unknown option --nope'],
		[['--port', '1', '--', '2'], '--', 'Unknown option -- '],
		[['--=x'], '--', 'Unknown option -- '],
		[['--port', '--help'], '--port', 'Missing value for --port (expected <port>)'],
		[['--host', '--'], '--host', 'Missing value for --host (expected <ip>)'],
		[['--port=--x'], '--port', 'Invalid value for --port: "--x"'],
		[['--port', '-h'], '--port', 'Invalid value for --port: "-h"']
	])('keeps the old reading of %j', (argv, option, message) => {
		const err = errorOf(argv);
		expect(err.option).toBe(option);
		expect(err.message).toContain(message);
	});

	it('checks the syntax but not the values next to --help and --version', () => {
		expect(errorOf(['--help', '--nope']).message).toMatch(/Unknown option --nope/);
		expect(errorOf(['--version', '9090']).message).toMatch(/Unexpected argument "9090"/);
		expect(parseRelayOptions(['-v', '--port', 'x'], { RELAY_HOST: 'x' })).toEqual({
			kind: 'version'
		});
		expect(parseRelayOptions(['--version', '--help'], {})).toEqual({ kind: 'help' });
		expect(parseRelayOptions(['-h', '-v'], {})).toEqual({ kind: 'help' });
	});

	it('lets the last of a repeated flag win', () => {
		expect(config(['--port', '1', '--port=2']).wsPort).toBe(2);
	});

	it('reports the first bad option in table order, whatever its source', () => {
		const err = errorOf(['--tcp-port', 'x', '--max-mirrored-topics', 'y'], { RELAY_PORT: 'z' });
		expect(err.option).toBe('RELAY_PORT (--port)');
	});

	it('names the bad entry of a list and drops empty entries', () => {
		const err = errorOf(['--announce', '/ip4/1.2.3.4/tcp/1, /ip4/x']);
		expect(err.message).toMatch(/^Invalid value for --announce: "\/ip4\/x" \(expected a multiaddr/);
		expect(errorOf(['--announce', '/']).message).toContain('"/" (expected a non-empty multiaddr)');
		expect(config(['--announce', ' /ip4/1.2.3.4/tcp/1/ws ,, ']).announce).toEqual([
			'/ip4/1.2.3.4/tcp/1/ws'
		]);
		expect(config([], { RELAY_ANNOUNCE: ' , ' }).announce).toEqual([]);
	});

	it('trims what it should and keeps the key file path as given', () => {
		const c = config(['--host', ' ::1 ', '--tcp-port', ' Off ', '--key-file', ' k ']);
		expect(c.host).toBe('::1');
		expect(c.tcpPort).toBeNull();
		expect(c.keyFile).toBe(' k ');
		expect(config(['--discovery-topic-prefix', ' whiteboard/d/ ']).discoveryTopicPrefix).toBe(
			'whiteboard/d/'
		);
		expect(config(['--max-reservations', ' 007 ']).maxReservations).toBe(7);
	});

	it('keeps seconds within safe integers once converted to milliseconds', () => {
		expect(config(['--reservation-ttl', '9007199254740']).reservationTtlMs).toBe(9007199254740000);
		expect(errorOf(['--reservation-ttl', '9007199254741']).option).toBe('--reservation-ttl');
		expect(errorOf(['--max-connections', '9007199254740992']).option).toBe('--max-connections');
		expect(errorOf(['--gossip-rate', '1e3']).message).toContain('"1e3"');
	});
});

describe('relayHelpText', () => {
	const help = relayHelpText();

	it.each([
		['--port', 'RELAY_PORT', '9090'],
		['--host', 'RELAY_HOST', '0.0.0.0'],
		['--webrtc-direct-port', 'RELAY_WEBRTC_DIRECT_PORT', '9091'],
		['--tcp-port', 'RELAY_TCP_PORT', '9092'],
		['--key-file', 'RELAY_KEY_FILE', '.relay-key'],
		['--announce', 'RELAY_ANNOUNCE', ''],
		['--max-reservations', 'RELAY_MAX_RESERVATIONS', '1024'],
		['--max-reservations-per-ip', 'RELAY_MAX_RESERVATIONS_PER_IP', '64'],
		['--reservation-ttl', 'RELAY_RESERVATION_TTL', '3600'],
		['--max-circuits-per-peer', 'RELAY_MAX_CIRCUITS_PER_PEER', '16'],
		['--relay-data-limit', 'RELAY_DATA_LIMIT', '131072'],
		['--relay-duration-limit', 'RELAY_DURATION_LIMIT', '120'],
		['--max-connections', 'RELAY_MAX_CONNECTIONS', '1024'],
		['--max-connections-per-ip', 'RELAY_MAX_CONNECTIONS_PER_IP', '128'],
		['--max-mirrored-topics', 'RELAY_MAX_TOPICS', '1024'],
		['--max-topics-per-peer', 'RELAY_MAX_TOPICS_PER_PEER', '8'],
		['--max-topics-per-ip', 'RELAY_MAX_TOPICS_PER_IP', '128'],
		['--status-interval', 'RELAY_STATUS_INTERVAL', '60'],
		['--metrics-port', 'RELAY_METRICS_PORT', 'off'],
		['--metrics-host', 'RELAY_METRICS_HOST', '127.0.0.1'],
		['--log-format', 'RELAY_LOG_FORMAT', 'text'],
		['--store-peer-rate', 'RELAY_STORE_PEER_RATE', '20'],
		['--store-ip-rate', 'RELAY_STORE_IP_RATE', '200'],
		['--discovery-topic-prefix', 'RELAY_DISCOVERY_TOPIC_PREFIX', 'whiteboard/discovery/'],
		['--mirror-topic-prefixes', 'RELAY_MIRROR_TOPIC_PREFIXES', 'whiteboard/fallback/']
	])('documents %s with env %s and its default', (flag, env, def) => {
		expect(help).toContain(flag);
		expect(help).toContain(`[env ${env}]`);
		expect(help).toContain(`[default ${def}`);
	});

	it('lays out one aligned row per option, its env var and default below', () => {
		const lines = help.split('\n');
		expect(lines.slice(6, 9)).toEqual([
			'Options:',
			'  --port <port>                       WebSocket listen port (ws://), 0 = random',
			'                                      [env RELAY_PORT] [default 9090]'
		]);
		expect(lines.at(-1)).toBe('  --version, -v                       Print the version and exit');
		expect(lines.slice(7).filter((line) => !/^ {2}.{35} \S/.test(line))).toEqual([]);
		expect(help).toContain('[env RELAY_ANNOUNCE] [default (listen addresses)]');
	});

	it('documents --help and --version', () => {
		expect(help).toContain('--help');
		expect(help).toContain('--version');
	});

	it('accepts every documented flag', () => {
		const flags = [...help.matchAll(/^ {2}(--[a-z-]+) </gm)].map((m) => m[1]);
		expect(flags.length).toBe(35);
		for (const flag of flags) {
			expect(() => parseRelayOptions([`${flag}=x`], {})).not.toThrow(/Unknown option/);
		}
	});
});
