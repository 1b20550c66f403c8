/**
 * `npm run bench:relay`: how many browsers one relay carries. Simulated peers (Node processes of
 * stock js-libp2p clients, not browsers) in rooms of --room-size connect over loopback, reserve,
 * subscribe and publish --rate messages per second each for --duration seconds; the same rooms
 * and rate go through @y/websocket-server in the same run. For 100, 500 and 1,000 peers it reports
 * the server's CPU (% of one core over the measured window), peak memory, forwarding latency
 * p50 / p99, delivered messages, and our relay's refusals. Everything stays on this machine.
 *
 *   npm run bench:relay [-- --peers 100,500,1000] [--duration 20] [--rate 1] [--bytes 512]
 *                       [--room-size 4] [--workers 2] [--systems ours,y-websocket] [--readme]
 */
import '../relay/polyfills.ts';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRelay, tempKeyFile } from '../tests/e2e/support/relay.ts';
import { processCpuMs } from './support/process-cpu.ts';
import { freePort, ROOT, startYWebsocketServer } from './support/services.ts';
import { percentile } from './support/stats.ts';
import type { WorkerConfig, WorkerReport } from './relay-load/worker-config.ts';
import { loadTable, writeReadmeTable, type LoadRow } from './relay-load/report.ts';

const { values } = parseArgs({
	options: {
		peers: { type: 'string', default: '100,500,1000' },
		duration: { type: 'string', default: '20' },
		warmup: { type: 'string', default: '5' },
		rate: { type: 'string', default: '1' },
		bytes: { type: 'string', default: '512' },
		'room-size': { type: 'string', default: '4' },
		workers: { type: 'string', default: '2' },
		systems: { type: 'string', default: 'ours,y-websocket' },
		readme: { type: 'boolean', default: false }
	}
});
const tiers = values.peers.split(',').map(Number);
const durationMs = Number(values.duration) * 1000;
const warmupMs = Number(values.warmup) * 1000;
const systems = values.systems.split(',') as Array<'ours' | 'y-websocket'>;
const base = {
	roomSize: Number(values['room-size']),
	messagesPerSecond: Number(values.rate),
	messageBytes: Number(values.bytes),
	perAddress: 32
};

interface Server {
	target: string;
	pid: number | undefined;
	refusals(): string;
	stop(): Promise<void>;
}

async function startServer(system: 'ours' | 'y-websocket'): Promise<Server> {
	if (system === 'y-websocket') {
		const service = await startYWebsocketServer();
		return { target: service.url, pid: service.pid, refusals: () => '', stop: service.stop };
	}
	const tcpPort = await freePort();
	const relay = await startRelay(await freePort(), tempKeyFile(), {
		tcpPort,
		extraArgs: ['--no-store', '--status-interval', '1', '--max-connections', '4096']
	});
	const id = relay.address.split('/p2p/')[1] ?? '';
	return {
		target: `/ip4/127.0.0.1/tcp/${tcpPort}/p2p/${id}`,
		pid: relay.pid,
		refusals: () => [...relay.output().matchAll(/refused: (.*)$/gm)].map((m) => m[1]).at(-1) ?? '',
		stop: relay.stop
	};
}

function rssMb(pid: number | undefined): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
	} catch {
		return Number.NaN;
	}
}

async function runTier(system: 'ours' | 'y-websocket', peers: number): Promise<LoadRow> {
	const server = await startServer(system);
	const workers = Number(values.workers);
	const per = Math.ceil(peers / workers);
	const script = join(
		ROOT,
		'bench/relay-load',
		`${system === 'ours' ? 'ours' : 'y-websocket'}-worker.ts`
	);
	const children = Array.from({ length: workers }, (_, w) => {
		const config: WorkerConfig = {
			...base,
			target: server.target,
			first: w * per,
			count: Math.max(0, Math.min(per, peers - w * per))
		};
		const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], {
			cwd: ROOT,
			stdio: ['pipe', 'pipe', 'inherit']
		});
		const lines: string[] = [];
		let buffered = '';
		child.stdout.on('data', (chunk: Buffer) => {
			buffered += chunk.toString();
			const parts = buffered.split('\n');
			buffered = parts.pop() ?? '';
			lines.push(...parts.filter(Boolean));
		});
		const line = (match: (parsed: Record<string, unknown>) => boolean) =>
			new Promise<Record<string, unknown>>((resolve, reject) => {
				const check = setInterval(() => {
					const found = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find(match);
					if (found != null) {
						clearInterval(check);
						resolve(found);
					}
					if (child.exitCode != null && found == null) {
						clearInterval(check);
						reject(new Error(`${system} worker exited with ${child.exitCode}`));
					}
				}, 50);
			});
		return { child, line };
	});
	const started = Date.now();
	await Promise.all(children.map(({ line }) => line((l) => 'ready' in l)));
	const connectMs = Date.now() - started;
	const measureFrom = Date.now() + warmupMs;
	const endAt = measureFrom + durationMs;
	for (const { child } of children)
		child.stdin.write(`${JSON.stringify({ measureFrom, endAt })}\n`);
	await new Promise((resolve) => setTimeout(resolve, measureFrom - Date.now()));
	const cpuBefore = processCpuMs(server.pid);
	let peakRss = rssMb(server.pid);
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.pid))), 1000);
	await new Promise((resolve) => setTimeout(resolve, endAt - Date.now()));
	const cpuAfter = processCpuMs(server.pid);
	clearInterval(sampler);
	const reports = (await Promise.all(
		children.map(({ line }) => line((l) => 'latencies' in l))
	)) as unknown as WorkerReport[];
	const refusals = server.refusals();
	await server.stop();
	const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
	const connected = reports.reduce((sum, r) => sum + r.connected, 0);
	const published = reports.reduce((sum, r) => sum + r.published, 0);
	const clientCpuMs = reports.reduce((sum, r) => sum + r.cpuMs, 0);
	return {
		system,
		peers,
		connected,
		connectMs,
		cpuPercent:
			cpuBefore == null || cpuAfter == null
				? Number.NaN
				: ((cpuAfter - cpuBefore) / durationMs) * 100,
		rssMb: peakRss,
		clientCpuPercent: (clientCpuMs / durationMs) * 100,
		p50: percentile(latencies, 0.5),
		p99: percentile(latencies, 0.99),
		delivered: latencies.length,
		// each message should reach the other members of its room, within the measured window
		expected: Math.round(published * (base.roomSize - 1) * (durationMs / (durationMs + warmupMs))),
		refusals
	};
}

const rows: LoadRow[] = [];
for (const peers of tiers) {
	for (const system of systems) {
		console.log(`… ${system}, ${peers} peers`);
		const row = await runTier(system, peers);
		rows.push(row);
		console.log(loadTable([row]).split('\n').at(-1));
	}
}
const table = loadTable(rows);
console.log(`\n${table}`);
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const file = join(
	ROOT,
	'bench/results',
	`relay-load-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
);
writeFileSync(file, JSON.stringify({ settings: { ...base, durationMs, warmupMs }, rows }, null, 2));
console.log(`\nwrote ${file}`);
if (values.readme) writeReadmeTable(join(ROOT, 'README.md'), table);
process.exit(0);
