// The relay's log lines: text (`2026-12-01T10:00:00.000Z message`, warnings marked WARN, on
// stderr) or, with `--log-format json`, one JSON object per line from pino, with a level, for log
// shippers. Verbose internals stay behind libp2p's debug logger (DEBUG=relay*,libp2p:*).
import { pino, type Logger } from 'pino';

let json: Logger | null = null;

/** Switches every following line to JSON (`json`) or text. */
export function setLogFormat(format: 'text' | 'json'): void {
	json =
		format === 'json'
			? pino({ base: { name: 'whiteboard-relay' }, timestamp: pino.stdTimeFunctions.isoTime })
			: null;
}

/** An info line; `fields` go into the JSON object (text shows only the message). */
export function logLine(message: string, fields: Record<string, unknown> = {}): void {
	if (json != null) json.info(fields, message);
	else console.log(`${new Date().toISOString()} ${message}`);
}

export function warnLine(message: string, fields: Record<string, unknown> = {}): void {
	if (json != null) json.warn(fields, message);
	else console.error(`${new Date().toISOString()} WARN ${message}`);
}

export function errorLine(message: string, fields: Record<string, unknown> = {}): void {
	if (json != null) json.error(fields, message);
	else console.error(`Error: ${message}`);
}

const THROTTLE_MS = 10_000;

/**
 * A warn function per reason: the first line is logged, then at most one every 10 s, saying how
 * many were skipped in between.
 */
export function throttledWarn(): (reason: string, line: string) => void {
	const last = new Map<string, { at: number; skipped: number }>();
	return (reason, line) => {
		const now = Date.now();
		const seen = last.get(reason);
		if (seen != null && now - seen.at < THROTTLE_MS) {
			seen.skipped++;
			return;
		}
		const more = seen != null && seen.skipped > 0 ? ` (+${seen.skipped} more since)` : '';
		last.set(reason, { at: now, skipped: 0 });
		warnLine(`${line}${more}`, { reason, skipped: seen?.skipped ?? 0 });
	};
}
