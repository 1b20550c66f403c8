/**
 * What an operator runs: the relay process itself (`relay/main.ts`), with JSON logs and the
 * /health and /metrics endpoint, watched while a stock libp2p client connects and joins a topic;
 * bad option values; a clean SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { multiaddr } from '@multiformats/multiaddr';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loopbackRelayArgs } from '../e2e/support/relay.ts';
import { createRelayClient } from './support/relay-client.ts';

const children: ChildProcess[] = [];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const stop of stops.splice(0)) await stop().catch(() => {});
	for (const child of children.splice(0)) if (child.exitCode == null) child.kill('SIGKILL');
});

interface Started {
	child: ChildProcess;
	lines: () => Array<Record<string, unknown>>;
	output: () => string;
	exit: Promise<number | null>;
}

function runRelay(args: string[]): Started {
	const dir = mkdtempSync(join(tmpdir(), 'relay-ops-'));
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			'relay/main.ts',
			...loopbackRelayArgs(0, join(dir, 'relay.key'), 0),
			...args
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	children.push(child);
	let out = '';
	child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
	const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const lines = () =>
		out
			.split('\n')
			.filter((line) => line.startsWith('{'))
			.map((line) => JSON.parse(line) as Record<string, unknown>);
	return { child, lines, exit, output: () => out };
}

const eventually = <T>(check: () => T | Promise<T>) =>
	vi.waitFor(check, { timeout: 20_000, interval: 50 });

describe('relay operations', () => {
	it('logs JSON lines and serves /health and /metrics that follow its peers', async () => {
		const relay = runRelay(['--log-format', 'json', '--metrics-port', '0', '--no-store']);
		const ready = await eventually(() => {
			const line = relay.lines().find((l) => l.event === 'ready');
			expect(line).toBeDefined();
			return line!;
		});
		expect(ready).toMatchObject({ level: 30, name: 'whiteboard-relay', msg: 'relay ready' });
		expect(typeof ready.time).toBe('string');
		const ops = String(ready.ops);
		const health = async () =>
			(await fetch(`${ops}/health`)).json() as Promise<Record<string, unknown>>;
		expect(await health()).toMatchObject({
			ready: true,
			peerId: ready.peerId,
			connections: {},
			reservations: 0,
			topics: 0,
			store: 'off'
		});

		const tcp = (ready.listen as string[]).find((a) => a.includes('/tcp/') && !a.includes('/ws'))!;
		const client = await createRelayClient();
		stops.push(async () => client.stop());
		await client.dial(multiaddr(tcp));
		client.services.pubsub.subscribe('whiteboard/fallback/ops-test');
		await eventually(async () =>
			expect(await health()).toMatchObject({ connections: { tcp: 1 }, topics: 1 })
		);
		const metrics = await (await fetch(`${ops}/metrics`)).text();
		expect(metrics).toContain('whiteboard_relay_connections{transport="tcp"} 1');
		expect(metrics).toContain('whiteboard_relay_room_topics{kind="topic"} 1');
		expect(metrics).toMatch(/^libp2p_/m);
		expect((await fetch(`${ops}/nothing`)).status).toBe(404);

		relay.child.kill('SIGTERM');
		expect(await relay.exit).toBe(0);
		expect(relay.lines().map((l) => l.event)).toEqual(
			expect.arrayContaining(['connection-open', 'stopping', 'stopped'])
		);
	}, 40_000);

	it('exits non-zero with a clear message for a bad value', async () => {
		const relay = runRelay(['--metrics-port', 'eighty']);
		expect(await relay.exit).toBe(2);
		const output = relay.output();
		expect(output).toContain('Invalid value for --metrics-port: "eighty"');
		const format = runRelay(['--log-format', 'xml']);
		expect(await format.exit).toBe(2);
	}, 20_000);

	it('keeps retrying an unreachable --peer with a logged warning, and keeps serving', async () => {
		const peer = '/ip4/127.0.0.1/tcp/9/p2p/12D3KooWPbP6Ba3uKqAizAaJmhjZvQfnpGi5P19Z7cQDpBuk9j5q';
		const relay = runRelay(['--peer', peer, '--no-store']);
		await eventually(() => {
			expect(relay.output()).toMatch(
				/WARN peer relay 12D3KooWPbP6.* unreachable .*retrying in 1 s/
			);
			expect(relay.output()).toMatch(/retrying in 2 s/);
		});
		expect(relay.output()).toContain('RELAY_READY');
		expect(relay.child.exitCode).toBeNull();
	}, 30_000);
});
