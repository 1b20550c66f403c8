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

/** One field per option; what each means is its --help description in option-table.ts. */
export type RelayConfig = {
	[K in keyof typeof OPTIONS]: v.InferOutput<(typeof OPTIONS)[K]['schema']>;
};

export type RelayCommand =
	{ kind: 'run'; config: RelayConfig } | { kind: 'help' } | { kind: 'version' };

type Field = keyof typeof OPTIONS;
const FIELDS = Object.keys(OPTIONS) as Field[];
const SPECS: Record<Field, OptionSpec> = OPTIONS;
const BY_FLAG = new Map<string, Field>(FIELDS.map((field) => [SPECS[field].flag, field]));
const PARSE_ARGS_OPTIONS = {
	...Object.fromEntries(
		FIELDS.map((field) => [SPECS[field].flag.slice(2), { type: 'string' as const }])
	),
	help: { type: 'boolean', short: 'h' },
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
	const fromFlags = readFlags(argv);
	// --help must work even when other options are broken
	if (fromFlags === 'help' || fromFlags === 'version') return { kind: fromFlags };

	const config: Partial<Record<Field, unknown>> = {};
	for (const field of FIELDS) {
		const { flag, env: name, default: fallback, schema } = SPECS[field];
		const fromFlag = fromFlags.get(field);
		const fromEnv = env[name] === '' ? undefined : env[name]; // empty = unset
		const [raw, source] =
			fromFlag != null
				? [fromFlag, flag]
				: fromEnv != null
					? [fromEnv, `${name} (${flag})`]
					: [fallback, flag];
		const result = v.safeParse(schema, raw);
		if (!result.success) {
			const issue = result.issues[0];
			// an issue in a list names the bad entry, otherwise the whole value
			throw new RelayOptionsError(
				source,
				`Invalid value for ${source}: "${String(issue.input)}" (expected ${issue.message})`
			);
		}
		config[field] = result.output;
	}
	const values = config as RelayConfig;

	const prefixes = values.mirrorTopicPrefixes;
	if (!prefixes.some((prefix) => values.discoveryTopicPrefix.startsWith(prefix))) {
		prefixes.push(values.discoveryTopicPrefix);
	}
	return { kind: 'run', config: values };
}

/**
 * The flag values by field, or the help/version command. parseArgs splits the
 * arguments; its strict mode is off because its errors differ from ours and it
 * refuses values such as `-5`. Only `--name`, `--name=value`, `-h` and `-v` are
 * options here: short groups (`-hv`) and bare words are unexpected arguments.
 */
function readFlags(argv: readonly string[]): Map<Field, string> | 'help' | 'version' {
	const { tokens } = parseArgs({
		args: [...argv],
		options: PARSE_ARGS_OPTIONS,
		strict: false,
		allowPositionals: true,
		tokens: true
	});
	const values = new Map<Field, string>();
	let command: 'run' | 'help' | 'version' = 'run';
	for (const token of tokens) {
		const arg = argv[token.index] ?? '';
		if (token.kind === 'option' && arg === token.rawName) {
			if (token.name === 'help') command = 'help';
			if (token.name === 'version' && command !== 'help') command = 'version';
			if (token.name === 'help' || token.name === 'version') continue;
		}
		if (!arg.startsWith('--')) {
			throw new RelayOptionsError(
				arg,
				`Unexpected argument "${arg}" (options start with --, see --help)`
			);
		}
		// `--` ends options for parseArgs; for us it is one more unknown option
		const [flag = ''] = arg.split('=', 1);
		const field = BY_FLAG.get(flag);
		if (token.kind !== 'option' || field == null) {
			throw new RelayOptionsError(flag, `Unknown option ${flag} (see --help for the list)`);
		}
		// a following flag means the value was forgotten, not that it is "--foo"
		if (token.value == null || (!token.inlineValue && token.value.startsWith('--'))) {
			const expected = SPECS[field].arg;
			throw new RelayOptionsError(flag, `Missing value for ${flag} (expected ${expected})`);
		}
		values.set(field, token.value);
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
	const rows = FIELDS.map((field) => {
		const spec = SPECS[field];
		const defaultText = spec.defaultText ?? spec.default;
		return [
			`${spec.flag} ${spec.arg}`,
			spec.description,
			`[env ${spec.env}] [default ${defaultText}]`
		];
	});
	rows.push(
		['--help, -h', 'Print this help and exit'],
		['--version, -v', 'Print the version and exit']
	);
	const width = Math.max(...rows.map(([left = '']) => left.length)) + 2;
	const lines = rows.flatMap(([left = '', ...right]) =>
		right.map((text, i) => `  ${(i === 0 ? left : '').padEnd(width)}${text}`)
	);
	return [USAGE, ...lines].join('\n');
}
