/** The relay load benchmark's table, and its place in the README (between two markers). */
import { readFileSync, writeFileSync } from 'node:fs';

export interface LoadRow {
	system: 'ours' | 'y-websocket';
	peers: number;
	connected: number;
	/** From starting the clients to every one connected (and subscribed, or synced). */
	connectMs: number;
	/** Server CPU time over the measured window, as % of one core. */
	cpuPercent: number;
	/** All simulated peers together (the machine has 2 cores: 200 %). */
	clientCpuPercent: number;
	rssMb: number;
	p50: number;
	p99: number;
	delivered: number;
	expected: number;
	refusals: string;
}

const START = '<!-- relay-load:start -->';
const END = '<!-- relay-load:end -->';

const round = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : '–');

export function loadTable(rows: LoadRow[]): string {
	const lines = [
		'| system | peers (connected) | connect | server CPU | clients CPU | server RSS | latency p50 / p99 | delivered / expected | refusals |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- |'
	];
	for (const r of rows) {
		lines.push(
			`| ${r.system === 'ours' ? 'our relay' : '@y/websocket-server'} | ${r.peers} (${r.connected}) | ${round(r.connectMs / 1000)} s | ${round(r.cpuPercent)} % | ${round(r.clientCpuPercent)} % | ${round(r.rssMb)} MB | ${round(r.p50)} / ${round(r.p99)} ms | ${r.delivered} / ${r.expected} | ${r.system === 'ours' ? r.refusals || 'none' : '–'} |`
		);
	}
	return lines.join('\n');
}

/** Replaces the table between the markers in the README. */
export function writeReadmeTable(path: string, table: string): void {
	const readme = readFileSync(path, 'utf8');
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README has no ${START} … ${END} section`);
	writeFileSync(path, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
}
