/**
 * Scenario 6, render: the renderer benchmark (bench/render.ts) in a child process: a board of
 * `strokes` strokes, frame times while panning and zooming. The baseline pages draw with the same
 * renderer (y-webrtc and y-websocket bring none), so only ours is measured.
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	emptyResult,
	fail,
	record,
	type BenchContext,
	type ScenarioResult
} from '../support/context.ts';
import { ROOT } from '../support/services.ts';

const TIMEOUT_MS = 300_000;

interface RenderSummary {
	p50: number;
	p95: number;
	max: number;
}

export async function render(
	ctx: BenchContext,
	o: { strokes: number; points: number }
): Promise<ScenarioResult> {
	const out = emptyResult();
	const file = join(tmpdir(), `whiteboard-render-${process.pid}.json`);
	try {
		await run([
			'--import',
			'tsx',
			'bench/render.ts',
			'--json',
			file,
			'--strokes',
			String(o.strokes),
			'--points',
			String(o.points)
		]);
		const result = JSON.parse(await readFile(file, 'utf8')) as {
			open: { totalMs?: number };
			overall: { draw: RenderSummary; interval: RenderSummary };
		};
		record(out, 'frame-p50', result.overall.draw.p50);
		record(out, 'frame-p95', result.overall.draw.p95);
		record(out, 'frame-max', result.overall.draw.max);
		if (result.open.totalMs !== undefined) record(out, 'open', result.open.totalMs);
		ctx.log(
			`render: frame p50 ${result.overall.draw.p50.toFixed(1)} ms, p95 ${result.overall.draw.p95.toFixed(1)} ms`
		);
	} catch (error) {
		fail(ctx, out, 'render', error);
	} finally {
		await rm(file, { force: true });
	}
	return { ours: out };
}

function run(args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
		const errors: string[] = [];
		child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
		child.once('exit', (code) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else
				reject(new Error(`render benchmark exited with ${code}: ${errors.join('').slice(-500)}`));
		});
	});
}
