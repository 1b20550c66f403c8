// Pure parsing of the relay's CLI flags and environment into a validated config.
// No I/O here so every rule can be unit-tested; main.ts turns errors into exit codes.
import { defaultRelayConfig, OPTIONS, RelayOptionsError } from './option-table.ts';
import type { OptionSpec } from './option-table.ts';

export {
	MIN_RELAY_DATA_LIMIT,
	MIN_RELAY_DURATION_SECONDS,
	RelayOptionsError
} from './option-table.ts';

export interface RelayConfig {
	/** IP address every listener binds to. */
	host: string;
	/** WebSocket port (0 = random). Browsers reach the relay through this listener. */
	wsPort: number;
	/** UDP port for /webrtc-direct (0 = random), or null when disabled. */
	webrtcDirectPort: number | null;
	/** Plain TCP port (0 = random), or null when disabled. */
	tcpPort: number | null;
	/** Path of the persistent Ed25519 key, relative paths resolve against the cwd. */
	keyFile: string;
	/** Multiaddrs announced instead of the listen addresses (public deployments). */
	announce: string[];
	maxReservations: number;
	reservationTtlMs: number;
	/** Bytes allowed per relayed (limited) connection. */
	relayDataLimit: bigint;
	relayDurationLimitMs: number;
	maxConnections: number;
	/** Upper bound on topics the relay subscribes to on behalf of its peers. */
	maxMirroredTopics: number;
	discoveryTopicPrefix: string;
	/** Topics starting with one of these are mirrored (subscribed to by the relay). */
	mirrorTopicPrefixes: string[];
	/** Gossip messages per second one peer may send through the relay (mirrored topics). */
	gossipRate: number;
	/** Largest gossip message the relay accepts or forwards. */
	maxMessageBytes: number;
}

export type RelayCommand =
	{ kind: 'run'; config: RelayConfig } | { kind: 'help' } | { kind: 'version' };

const HELP_FLAGS = new Set(['--help', '-h']);
const VERSION_FLAGS = new Set(['--version', '-v']);

/**
 * Parses `argv` (without node/script, i.e. `process.argv.slice(2)`) and `env`.
 * Flags win over environment variables, which win over defaults.
 */
export function parseRelayOptions(
	argv: readonly string[],
	env: Record<string, string | undefined>
): RelayCommand {
	const byFlag = new Map(OPTIONS.map((spec) => [spec.flag, spec]));
	const fromFlags = new Map<OptionSpec, string>();
	let command: RelayCommand['kind'] = 'run';

	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		if (HELP_FLAGS.has(arg)) {
			command = 'help';
			continue;
		}
		if (VERSION_FLAGS.has(arg)) {
			if (command !== 'help') command = 'version';
			continue;
		}
		if (!arg.startsWith('--')) {
			throw new RelayOptionsError(
				arg,
				`Unexpected argument "${arg}" (options start with --, see --help)`
			);
		}
		const eq = arg.indexOf('=');
		const flag = eq === -1 ? arg : arg.slice(0, eq);
		const spec = byFlag.get(flag);
		if (spec == null) {
			throw new RelayOptionsError(flag, `Unknown option ${flag} (see --help for the list)`);
		}
		let value: string | undefined;
		if (eq !== -1) {
			value = arg.slice(eq + 1);
		} else {
			value = argv[i + 1];
			// a following flag means the value was forgotten, not that it is "--foo"
			if (value == null || value.startsWith('--')) {
				throw new RelayOptionsError(flag, `Missing value for ${flag} (expected ${spec.arg})`);
			}
			i++;
		}
		fromFlags.set(spec, value);
	}

	// --help must work even when other options are broken
	if (command !== 'run') return { kind: command };

	const values = defaultRelayConfig();
	for (const spec of OPTIONS) {
		const flagValue = fromFlags.get(spec);
		if (flagValue != null) {
			spec.apply(values, flagValue, spec.flag);
			continue;
		}
		const envValue = spec.env == null ? undefined : env[spec.env];
		if (spec.env != null && envValue != null && envValue !== '') {
			spec.apply(values, envValue, `${spec.env} (${spec.flag})`);
		}
	}

	const prefixes = values.mirrorTopicPrefixes;
	if (!prefixes.some((prefix) => values.discoveryTopicPrefix.startsWith(prefix))) {
		prefixes.push(values.discoveryTopicPrefix);
	}
	return { kind: 'run', config: values };
}

/** Usage text listing every option with its env var and default. */
export function relayHelpText(): string {
	const lines = [
		'Usage: npx tsx relay/main.ts [options]',
		'',
		'libp2p relay for the collaborative whiteboard: circuit-relay-v2 server and',
		'gossipsub hub that mirrors whiteboard topics for browsers.',
		'Flags take precedence over environment variables.',
		'',
		'Options:'
	];
	const rows = OPTIONS.map((spec) => ({
		left: `${spec.flag} ${spec.arg}`,
		right: `${spec.description}\n[env ${spec.env ?? '-'}] [default ${spec.defaultText}]`
	}));
	rows.push({ left: '--help, -h', right: 'Print this help and exit' });
	rows.push({ left: '--version, -v', right: 'Print the version and exit' });
	const width = Math.max(...rows.map((row) => row.left.length)) + 2;
	for (const row of rows) {
		const [first = '', ...rest] = row.right.split('\n');
		lines.push(`  ${row.left.padEnd(width)}${first}`);
		for (const line of rest) lines.push(`  ${' '.repeat(width)}${line}`);
	}
	return lines.join('\n');
}
