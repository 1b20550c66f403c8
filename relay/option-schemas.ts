// Valibot schemas for the relay's option values. Each runs on the raw string, so an issue's
// `input` is what the user typed and its message says what was expected.
import { isIP } from 'node:net';
import { multiaddr } from '@multiformats/multiaddr';
import * as v from 'valibot';

const MAX_INT = Number.MAX_SAFE_INTEGER;
const PORT = 'a port number between 0 and 65535';
const list = (raw: string) => raw.split(',').flatMap((part) => part.trim() || []);
const isOff = (raw: string) => raw.trim().toLowerCase() === 'off';
export const isFilled = (raw: string) => raw.trim() !== '';
function isInteger(raw: string, min: number, max: number) {
	const n = Number(raw);
	return /^-?\d+$/.test(raw.trim()) && Number.isSafeInteger(n) && n >= min && n <= max;
}

/** A string accepted by `ok`; `expected` goes into the error message. */
export const text = (expected: string, ok: (raw: string) => boolean) =>
	v.pipe(v.string(), v.check(ok, expected));
export const integer = (min: number, max = MAX_INT, expected = `an integer >= ${min}`) =>
	v.pipe(
		text(expected, (raw) => isInteger(raw, min, max)),
		v.transform(Number)
	);
/** Seconds on the command line, milliseconds in the config. */
export const seconds = (min: number) =>
	v.pipe(
		integer(min, MAX_INT / 1000),
		v.transform((s) => s * 1000)
	);
export const port = integer(0, 65535, `${PORT}, 0 = random`);
export const onOff = v.pipe(
	text('"on" or "off"', (raw) => ['on', 'off'].includes(raw.trim().toLowerCase())),
	v.transform((raw) => raw.trim().toLowerCase() === 'on')
);
/** Days on the command line, milliseconds in the config. */
export const days = v.pipe(
	integer(1, MAX_INT / 86_400_000),
	v.transform((d) => d * 86_400_000)
);
/** null for "off": the listener is disabled. */
export const portOrOff = v.pipe(
	text(`${PORT} (0 = random) or "off"`, (raw) => isOff(raw) || isInteger(raw, 0, 65535)),
	v.transform((raw) => (isOff(raw) ? null : Number(raw)))
);
export const ip = v.pipe(
	text('an IPv4 or IPv6 address', (raw) => isIP(raw.trim()) !== 0),
	v.trim()
);
export const prefixes = v.pipe(
	text('one or more comma-separated topic prefixes', (raw) => list(raw).length > 0),
	v.transform(list)
);
/** Issues name the bad entry, not the whole list. */
export const multiaddrs = v.pipe(
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

/** Multiaddrs that name their peer (`/p2p/<id>`): another relay to peer with. */
export const peerMultiaddrs = v.pipe(
	v.string(),
	v.transform(list),
	v.array(v.pipe(v.string(), v.rawCheck(checkMultiaddr), v.rawCheck(checkPeerId)))
);

function checkPeerId({ dataset, addIssue }: v.RawCheckContext<string>) {
	if (!dataset.typed) return;
	try {
		const named = multiaddr(dataset.value)
			.getComponents()
			.some((c) => c.name === 'p2p' && c.value != null);
		if (!named) addIssue({ message: 'a multiaddr ending in /p2p/<peer id> (the relay it names)' });
	} catch {
		// checkMultiaddr reports it
	}
}
