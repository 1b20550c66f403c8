// Pure parsing of the relay's CLI flags and environment into a validated config.
// No I/O here so every rule can be unit-tested; main.ts turns errors into exit codes.
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { OPTIONS, type OptionSpec } from './option-table.ts';

export { MIN_RELAY_DATA_LIMIT, MIN_RELAY_DURATION_SECONDS } from './option-table.ts';

export class RelayOptionsError extends Error {
	override readonly name = 'RelayOptionsError';
	/** Where the bad value came from: `--port`, or `RELAY_PORT (--port)` for env vars. */
	readonly option: string;

	constructor(option: string, message: string) {
		super(message);
		this.option = option;
	}
}

type Field = keyof typeof OPTIONS;
/** One field per option, typed by its schema's output (see option-table.ts). */
export type RelayConfig = { [K in Field]: v.InferOutput<(typeof OPTIONS)[K]['schema']> };
export type RelayCommand =
	{ kind: 'run'; config: RelayConfig } | { kind: 'help' } | { kind: 'version' };

const SPECS = Object.entries(OPTIONS).map(([field, spec]: [string, OptionSpec]) => {
	const [flag = '', arg = ''] = spec.usage.split(' ');
	return { ...spec, field: field as Field, flag, arg };
});
const ARG_OPTIONS = {
	...Object.fromEntries(SPECS.map(({ flag }) => [flag.slice(2), { type: 'string' as const }])),
	help: { type: 'boolean', short: 'h' },
	'no-store': { type: 'boolean' },
	version: { type: 'boolean', short: 'v' }
} as const;

/**
 * Parses `argv` (without node/script, i.e. `process.argv.slice(2)`) and `env`.
 * Flags win over environment variables, which win over defaults.
 */
export function parseRelayOptions(
	argv: readonly string[],
	env: Record<string, string | undefined>
): RelayCommand {
	const flags = readFlags(argv);
	// --help must work even when other options are broken
	if (flags === 'help' || flags === 'version') return { kind: flags };

	const config: Partial<Record<Field, unknown>> = {};
	for (const { field, flag, env: name, default: fallback, schema } of SPECS) {
		const fromEnv = env[name] || undefined; // an empty variable counts as unset
		const raw = flags.get(field) ?? fromEnv ?? fallback;
		const source = flags.has(field) || fromEnv === undefined ? flag : `${name} (${flag})`;
		const result = v.safeParse(schema, raw);
		if (!result.success) {
			const { input, message } = result.issues[0];
			throw new RelayOptionsError(
				source,
				`Invalid value for ${source}: "${String(input)}" (expected ${message})`
			);
		}
		config[field] = result.output;
	}
	const values = config as RelayConfig; // every field was set above
	const prefixes = values.mirrorTopicPrefixes;
	if (!prefixes.some((prefix) => values.discoveryTopicPrefix.startsWith(prefix))) {
		prefixes.push(values.discoveryTopicPrefix);
	}
	return { kind: 'run', config: values };
}

/**
 * Flag values by field, or the help/version command. parseArgs splits argv, but
 * not strictly: its errors are not ours and it refuses values such as `-5`.
 * Only `--name`, `--name=value`, `-h` and `-v` count as options: short groups
 * (`-hv`) and bare words are unexpected, and `--` is just an unknown option.
 */
function readFlags(argv: readonly string[]): Map<Field, string> | 'help' | 'version' {
	const args = [...argv];
	const { tokens } = parseArgs({ args, options: ARG_OPTIONS, strict: false, tokens: true });
	const values = new Map<Field, string>();
	let command: 'run' | 'help' | 'version' = 'run';
	for (const token of tokens) {
		const arg = argv[token.index] ?? '';
		const name = token.kind === 'option' && arg === token.rawName ? token.name : undefined;
		if (name === 'help' || name === 'version') {
			command = command === 'help' ? command : name;
			continue;
		}
		if (name === 'no-store') {
			values.set('store', 'off');
			continue;
		}
		if (!arg.startsWith('--')) {
			const message = `Unexpected argument "${arg}" (options start with --, see --help)`;
			throw new RelayOptionsError(arg, message);
		}
		const [flag = ''] = arg.split('=', 1);
		const spec = SPECS.find((candidate) => candidate.flag === flag);
		if (token.kind !== 'option' || spec == null) {
			throw new RelayOptionsError(flag, `Unknown option ${flag} (see --help for the list)`);
		}
		// a following flag means the value was forgotten, not that it is "--foo"
		if (token.value == null || (!token.inlineValue && token.value.startsWith('--'))) {
			throw new RelayOptionsError(flag, `Missing value for ${flag} (expected ${spec.arg})`);
		}
		// --peer may be given more than once; the values add up
		const previous = spec.field === 'peers' ? values.get('peers') : undefined;
		values.set(spec.field, previous == null ? token.value : `${previous},${token.value}`);
	}
	return command === 'run' ? values : command;
}

const USAGE = `Usage: npx tsx relay/main.ts [options]

libp2p relay for the collaborative whiteboard: circuit-relay-v2 server and
gossipsub hub that mirrors whiteboard topics for browsers.
Flags take precedence over environment variables.

Options:`;

/** Usage text listing every option with its env var and default. */
export function relayHelpText(): string {
	const rows = SPECS.map((spec) => [
		spec.usage,
		spec.description,
		`[env ${spec.env}] [default ${spec.defaultText ?? spec.default}]`
	]);
	rows.push(['--no-store', 'Same as --store off']);
	rows.push(['--help, -h', 'Print this help and exit']);
	rows.push(['--version, -v', 'Print the version and exit']);
	const width = Math.max(...rows.map(([left = '']) => left.length)) + 2;
	const lines = rows.flatMap(([left = '', ...right]) =>
		right.map((text, i) => `  ${(i === 0 ? left : '').padEnd(width)}${text}`)
	);
	return [USAGE, ...lines].join('\n');
}
