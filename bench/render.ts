/**
 * Renderer benchmark: builds bench/render-page with Vite, serves it on 127.0.0.1, opens it in
 * headless Chromium and prints the open time and per-frame times of pan and zoom over a board of
 * 10,000 pen strokes × 200 points, then compares the last frame with a from-scratch render.
 * Loopback only, bounded in time (RUN_TIMEOUT_MS); stops by itself. Usage: USAGE below (--help).
 *
 * Browser: as for the end-to-end tests (tests/e2e/support/chromium.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { resolveChromium } from '../tests/e2e/support/chromium.ts';
import { serveStatic } from './support/static-server.ts';

const CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
const DIST = fileURLToPath(
	new URL('../node_modules/.cache/whiteboard-bench/render-page/', import.meta.url)
);
const RUN_TIMEOUT_MS = 240_000;

const USAGE = `Renderer benchmark (headless Chromium, loopback only).

  npx tsx bench/render.ts [--strokes 10000] [--points 200] [--dpr 1] [--frames 1]
                          [--no-raster] [--no-build] [--json out.json] [--verbose]
                          [--check-each] [--profile]
  npx tsx bench/render.ts --stress [--rounds 40]   random edits/pans/zooms, each compared
  npx tsx bench/render.ts --gallery                 images of every element type and export
`;

const { values: args } = parseArgs({
	options: {
		strokes: { type: 'string', default: '10000' },
		points: { type: 'string', default: '200' },
		dpr: { type: 'string', default: '1' },
		frames: { type: 'string', default: '1' },
		'no-raster': { type: 'boolean', default: false },
		'no-build': { type: 'boolean', default: false },

		json: { type: 'string' },
		/** Compare with a from-scratch render after every phase, not only at the end. */
		'check-each': { type: 'boolean', default: false },
		verbose: { type: 'boolean', default: false },
		/** Random edits and pans, each compared with a from-scratch render (correctness). */
		stress: { type: 'boolean', default: false },
		rounds: { type: 'string', default: '40' },
		/** Write images of every element type, the overlay and the exports (a visual check). */
		gallery: { type: 'boolean', default: false },
		/** Print where the page spent its time (CPU profile, self time by function). */
		profile: { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false }
	}
});

interface Summary {
	p50: number;
	p95: number;
	max: number;
	mean: number;
	n: number;
}
interface PhaseResult {
	draw: Summary;
	interval: Summary;
	plans: Record<string, number>;
	paintedPerFrame: number;
	settleFrames: number;
	exactAfterMs: number | null;
	slow: string[];
	check?: unknown;
}
interface BenchResult {
	error?: string;
	config: Record<string, unknown>;
	setupMs: number;
	open: Record<string, number>;
	phases: Record<string, PhaseResult>;
	overall: { draw: Summary; interval: Summary };
	check: Record<string, unknown>;
	heapMB: number | null;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const row = (s: Summary) => `p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  max ${ms(s.max)}`;

function report(r: BenchResult): void {
	const o = r.open;
	console.log(`config ${JSON.stringify(r.config)}  (board built in ${ms(r.setupMs)})`);
	console.log(
		`open: ${ms(o.totalMs ?? NaN)} = applyUpdate ${ms(o.applyUpdateMs ?? NaN)} + Board ${ms(
			o.boardMs ?? NaN
		)} + first paint ${ms(o.firstPaintMs ?? NaN)} + rasterise ${ms(o.rasteriseMs ?? NaN)}` +
			`  (${o.painted} painted; on screen after ${ms(o.untilNextFrameMs ?? NaN)}; ` +
			`${((o.updateBytes ?? 0) / 1e6).toFixed(1)} MB update)`
	);
	for (const [name, p] of Object.entries(r.phases)) {
		console.log(`${name.padEnd(32)} draw ${row(p.draw)} | rAF interval ${row(p.interval)}`);
		console.log(
			`${''.padEnd(32)} ${p.draw.n} frames incl. ${p.settleFrames} settling` +
				(p.exactAfterMs === null ? '' : ` (exact after ${p.exactAfterMs} ms)`) +
				`, ${p.paintedPerFrame} painted/frame, plans ${JSON.stringify(p.plans)}`
		);
		if (p.slow.length > 0 && args.verbose) {
			console.log(`${''.padEnd(32)} slow: ${p.slow.join('; ')}`);
		}
		if (p.check) console.log(`${''.padEnd(32)} check: ${JSON.stringify(p.check)}`);
	}
	console.log(
		`${'all pan/zoom frames'.padEnd(32)} draw ${row(r.overall.draw)} | rAF interval ${row(r.overall.interval)}`
	);
	console.log(`check against a from-scratch render: ${JSON.stringify(r.check)}`);
	if (r.heapMB !== null) console.log(`JS heap after run: ${r.heapMB} MB`);
}

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
}

function printProfile(profile: { nodes: ProfileNode[]; samples?: number[] }): void {
	const total = profile.samples?.length ?? 0;
	const self = new Map<string, number>();
	for (const node of profile.nodes) {
		const { functionName, url, lineNumber } = node.callFrame;
		const key = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber}`;
		self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0));
	}
	const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
	console.log(`CPU profile, self time (${total} samples):`);
	for (const [key, hits] of top)
		console.log(`  ${((100 * hits) / total).toFixed(1).padStart(5)}%  ${key}`);
}

async function main(): Promise<void> {
	if (args.help) {
		console.log(USAGE);
		return;
	}
	if (!args['no-build']) await build({ configFile: CONFIG });
	const server = await serveStatic(DIST);
	const browser = await chromium.launch({
		executablePath: resolveChromium(),
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--no-first-run',
			'--disable-background-networking'
		]
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		page.on('pageerror', (error) => console.error('page error:', error.message));
		const query = new URLSearchParams({
			strokes: args.strokes,
			points: args.points,
			dpr: args.dpr,
			frames: args.frames,
			raster: args['no-raster'] ? '0' : '1',
			check: args['check-each'] ? 'each' : 'end',
			stress: args.stress ? '1' : '0',
			gallery: args.gallery ? '1' : '0',
			rounds: args.rounds
		});
		const cdp = args.profile ? await page.context().newCDPSession(page) : null;
		if (cdp) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
			await cdp.send('Profiler.start');
		}
		await page.goto(`${server.url}/index.html?${query}`);
		await page.waitForFunction(() => window.__benchResult !== undefined, undefined, {
			timeout: RUN_TIMEOUT_MS,
			polling: 500
		});
		const result = (await page.evaluate(() => window.__benchResult)) as BenchResult;
		if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
		if (result.error) throw new Error(`benchmark page failed: ${result.error}`);
		if (args.gallery) {
			const dir = join(tmpdir(), 'whiteboard-gallery');
			await mkdir(dir, { recursive: true });
			for (const [name, url] of Object.entries(result as unknown as Record<string, string>)) {
				await writeFile(join(dir, name), Buffer.from(url.split(',')[1] ?? '', 'base64'));
				console.log(join(dir, name));
			}
			return;
		}
		if (args.stress) {
			console.log(JSON.stringify(result, null, 1));
			const { failures } = (result as unknown as { stress: { failures: unknown[] } }).stress;
			if (failures.length > 0) process.exitCode = 1;
			// Crops around the worst pixel of a failed comparison: renderer, then reference.
			const crops = await page.evaluate(() => window.__crops);
			for (const [i, url] of (crops ?? []).entries()) {
				const name = `whiteboard-stress-${i === 0 ? 'renderer' : 'reference'}.png`;
				await writeFile(join(tmpdir(), name), Buffer.from(url.split(',')[1] ?? '', 'base64'));
				console.log(join(tmpdir(), name));
			}
			return;
		}
		report(result);
		if (args.json) await writeFile(args.json, JSON.stringify(result, null, '\t'));
	} finally {
		await browser.close();
		await server.close();
	}
}

declare global {
	interface Window {
		__benchResult?: unknown;
		__crops?: string[];
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
