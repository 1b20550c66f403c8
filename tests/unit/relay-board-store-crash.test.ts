/**
 * kill -9 in the middle of writes: a child process appends entries (and now and then a snapshot)
 * as fast as it can and prints each sequence number the store acknowledged; it is killed with
 * SIGKILL mid-stream. The store must then open cleanly and hold every acknowledged write.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { BoardStore } from '../../relay/board-store.ts';

it(
	'loses no acknowledged write when the relay is killed with SIGKILL while writing',
	{ timeout: 60_000 },
	async () => {
		const dir = mkdtempSync(join(tmpdir(), 'board-store-crash-'));
		const child = spawn(
			process.execPath,
			['--import', 'tsx', 'tests/unit/support/store-writer.ts', dir],
			{
				stdio: ['ignore', 'pipe', 'inherit']
			}
		);
		const acked = { entry: [] as number[], snapshot: [] as number[] };
		// Whatever happens below, the writer does not outlive the test.
		onTestFinished(() => {
			if (child.exitCode == null && child.signalCode == null) child.kill('SIGKILL');
		});
		let buffer = '';
		await new Promise<void>((resolve, reject) => {
			child.once('exit', (code, signal) =>
				signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited: ${code}`))
			);
			child.stdout.on('data', (chunk: Buffer) => {
				buffer += chunk.toString();
				const lines = buffer.split('\n');
				buffer = lines.pop() ?? '';
				for (const line of lines) {
					const [kind, seq] = line.split(' ') as ['entry' | 'snapshot', string];
					acked[kind].push(Number(seq));
				}
				// Well into the writes, with one surely in flight: kill it.
				if (acked.entry.length >= 300 && child.exitCode == null) child.kill('SIGKILL');
			});
		});
		const store = BoardStore.open(dir, {
			roomBytes: 1 << 30,
			totalBytes: 1 << 30,
			idleMs: 1 << 30
		});
		try {
			// The older snapshot and every entry after it: the whole board, as the store holds it.
			const previous = store.read('room', 0, 1);
			const base = previous.snapshot?.covers ?? 0;
			const entries = new Set(previous.entries.map((e) => e.seq));
			for (const seq of acked.entry) expect(seq <= base || entries.has(seq)).toBe(true);
			const latest = store.read('room', 0, 0);
			expect(latest.snapshot?.covers).toBe(Math.max(...acked.snapshot));
			expect(latest.seq).toBeGreaterThanOrEqual(Math.max(...acked.entry));
			// And the store still takes writes.
			expect(store.append('room', new Uint8Array([1, 2, 3])).ok).toBe(true);
		} finally {
			store.close();
			rmSync(dir, { recursive: true, force: true });
		}
	}
);
