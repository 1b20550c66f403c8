/**
 * `npm run bench`: our whiteboard against y-webrtc and y-websocket, in one run, on this machine
 * only. Real headless Chromium pages against the real relay (ours) and the stock servers
 * (y-webrtc's signalling server, @y/websocket-server); the same board, renderer and probe in all
 * pages. Prints a table and writes every raw sample to bench/results/bench-<time>.json.
 *
 *   npm run bench [-- --quick] [--only join,latency,in-progress,late-join,room-size,render]
 *                 [--systems ours,y-webrtc,y-websocket] [--no-build] [--readme] [--verbose]
 *   npm run bench -- --from bench/results/bench-<time>.json [--readme]   a saved run's table
 *
 * Bounded: every wait has a timeout and the whole run stops after RUN_BUDGET_MS.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, resolveChromium } from '../tests/e2e/support/chromium.ts';
import { inProgress } from './scenarios/in-progress.ts';
import { join as joinScenario } from './scenarios/join.ts';
import { lateJoin } from './scenarios/late-join.ts';
import { latency } from './scenarios/latency.ts';
import { render } from './scenarios/render.ts';
import { roomSize } from './scenarios/room-size.ts';
import type { BenchContext, ScenarioResult } from './support/context.ts';
import { ensureLoopbackOnly } from './support/loopback.ts';
import { buildTable, markdownTable, textTable } from './support/report.ts';
import {
	ROOT,
	startApp,
	startOurRelay,
	startYWebrtcSignaling,
	startYWebsocketServer,
	type Service
} from './support/services.ts';
import { serveStatic } from './support/static-server.ts';
import { createSystems, SYSTEM_NAMES, type SystemName } from './support/systems.ts';

const RUN_BUDGET_MS = 40 * 60_000;
const SCENARIOS = ['join', 'latency', 'in-progress', 'late-join', 'room-size', 'render'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const { values: args } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		only: { type: 'string' },
		systems: { type: 'string' },
		'no-build': { type: 'boolean', default: false },
		readme: { type: 'boolean', default: false },
		/** Print (and with --readme, write) the table of a saved run instead of running. */
		from: { type: 'string' },
		verbose: { type: 'boolean', default: false }
	}
});

function pick<T extends string>(list: string | undefined, all: readonly T[], what: string): T[] {
	if (list === undefined) return [...all];
	const names = list.split(',').map((s) => s.trim());
	const unknown = names.filter((n) => !all.includes(n as T));
	if (unknown.length > 0)
		throw new Error(`unknown ${what}: ${unknown.join(', ')} (known: ${all.join(', ')})`);
	return names as T[];
}

const quick = args.quick;
const plan = {
	joinTrials: quick ? 3 : 30,
	latency: { strokes: quick ? 50 : 200, points: 200, intervalMs: 30 },
	inProgress: { strokes: quick ? 4 : 12, moves: 40, moveIntervalMs: 16 },
	lateJoin: {
		strokes: quick ? 2_000 : 10_000,
		points: 200,
		trials: quick ? 1 : 3,
		timeoutMs: 60_000
	},
	roomSize: {
		sizes: quick ? [2, 4] : [2, 4, 8],
		strokes: 10,
		points: 200,
		intervalMs: 50,
		rounds: quick ? 1 : 5,
		timeoutMs: 60_000
	},
	render: { strokes: quick ? 2_000 : 10_000, points: 200 }
};

function versionOf(pkg: string): string {
	try {
		const manifest = readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8');
		return (JSON.parse(manifest) as { version: string }).version;
	} catch {
		return 'unknown';
	}
}

async function buildPages(): Promise<void> {
	if (args['no-build']) return;
	console.log('== building the app (vite build) and the baseline page');
	const app = spawnSync(
		process.execPath,
		['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
		{
			cwd: ROOT,
			stdio: 'inherit'
		}
	);
	if (app.status !== 0) throw new Error('vite build of the app failed');
	await build({ configFile: join(ROOT, 'bench/baseline-page/vite.config.ts') });
}

type SavedRun = Awaited<ReturnType<typeof runAll>>;

async function main(): Promise<void> {
	if (args.from !== undefined) {
		const saved = JSON.parse(await readFile(args.from, 'utf8')) as SavedRun;
		const rows = buildTable(saved.scenarios as Record<string, ScenarioResult>, {
			late: saved.plan.lateJoin.strokes,
			render: saved.plan.render.strokes
		});
		console.log(textTable(rows));
		if (args.readme) await updateReadme(markdownTable(rows), saved);
		return;
	}
	const out = await runAll();
	const dir = join(ROOT, 'bench/results');
	await mkdir(dir, { recursive: true });
	const file = join(dir, `bench-${out.startedAt.replace(/[:.]/g, '-')}.json`);
	await writeFile(file, JSON.stringify(out, null, '\t') + '\n');
	console.log(`\nraw samples: ${file}`);
	if (args.readme) await updateReadme(markdownTable(out.table), out);
}

async function runAll() {
	ensureLoopbackOnly();
	const scenarios = pick(args.only, SCENARIOS, 'scenario');
	const systemNames = pick(args.systems, SYSTEM_NAMES, 'system');
	const started = Date.now();
	await buildPages();
	const services: Service[] = [];
	let browser: Browser | undefined;
	const results: Partial<Record<ScenarioName, ScenarioResult>> = {};
	try {
		const app = await startApp();
		services.push(app);
		const relay = await startOurRelay();
		services.push(relay);
		const signaling = await startYWebrtcSignaling();
		services.push(signaling);
		const websocket = await startYWebsocketServer();
		services.push(websocket);
		const baseline = await serveStatic(
			join(ROOT, 'node_modules/.cache/whiteboard-bench/baseline-page')
		);
		services.push({ url: baseline.url, stop: baseline.close });
		const all = createSystems({
			app: app.url,
			relay: relay.url,
			baseline: baseline.url,
			signaling: signaling.url,
			websocket: websocket.url,
			serverPids: { ours: relay.pid, 'y-webrtc': signaling.pid, 'y-websocket': websocket.pid }
		});
		browser = await chromium.launch({
			executablePath: resolveChromium(),
			args: CHROMIUM_ARGS
		});
		let rooms = 0;
		const ctx: BenchContext = {
			browser,
			systems: systemNames.map((n: SystemName) => all[n]),
			room: (label) => `bench-${label}-${started.toString(36)}-${++rooms}`,
			log: (line) => console.log(`   ${line}`)
		};
		for (const scenario of scenarios) {
			if (Date.now() - started > RUN_BUDGET_MS) {
				console.log(
					`== ${scenario}: skipped (run budget of ${RUN_BUDGET_MS / 60_000} min used up)`
				);
				continue;
			}
			console.log(`== ${scenario}`);
			const t0 = Date.now();
			results[scenario] = await runScenario(scenario, ctx);
			console.log(`   (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
		}
	} finally {
		await browser?.close();
		for (const service of services.reverse()) await service.stop();
	}
	const rows = buildTable(results as Record<string, ScenarioResult>, {
		late: plan.lateJoin.strokes,
		render: plan.render.strokes
	});
	console.log('\n' + textTable(rows));
	const out = {
		startedAt: new Date(started).toISOString(),
		durationS: Math.round((Date.now() - started) / 1000),
		machine: {
			cpus: cpus().length,
			cpu: cpus()[0]?.model ?? 'unknown',
			memoryGiB: Math.round(totalmem() / 2 ** 30),
			os: `${process.platform} ${release()}`,
			node: process.version
		},
		versions: {
			chromium: browser?.version() ?? 'unknown',
			...Object.fromEntries(
				[
					'libp2p',
					'@libp2p/gossipsub',
					'@libp2p/webrtc',
					'yjs',
					'y-webrtc',
					'simple-peer',
					'y-websocket',
					'@y/websocket-server'
				].map((p) => [p, versionOf(p)])
			)
		},
		plan,
		quick,
		table: rows,
		scenarios: results
	};
	return out;
}

async function runScenario(name: ScenarioName, ctx: BenchContext): Promise<ScenarioResult> {
	switch (name) {
		case 'join':
			return joinScenario(ctx, plan.joinTrials);
		case 'latency':
			return latency(ctx, plan.latency);
		case 'in-progress':
			return inProgress(ctx, plan.inProgress);
		case 'late-join':
			return lateJoin(ctx, plan.lateJoin);
		case 'room-size':
			return roomSize(ctx, plan.roomSize);
		case 'render':
			return render(ctx, plan.render);
	}
}

/** Replaces the table between the README's bench markers with this run's. */
async function updateReadme(
	table: string,
	out: {
		startedAt: string;
		machine: { cpus: number; cpu: string };
		versions: Record<string, string>;
	}
): Promise<void> {
	const path = join(ROOT, 'README.md');
	const readme = await readFile(path, 'utf8');
	const start = '<!-- bench:start -->';
	const end = '<!-- bench:end -->';
	const from = readme.indexOf(start);
	const to = readme.indexOf(end);
	if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} section`);
	const note =
		`Run of ${out.startedAt.slice(0, 10)} on ${out.machine.cpus} cores (${out.machine.cpu}), ` +
		`Chromium ${out.versions.chromium}, headless, loopback only.`;
	await writeFile(
		path,
		`${readme.slice(0, from + start.length)}\n\n${note}\n\n${table}\n\n${readme.slice(to)}`
	);
	console.log('README.md: benchmark table updated');
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
