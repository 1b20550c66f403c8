/**
 * The servers one benchmark run needs, all on 127.0.0.1: our relay and the app's static build,
 * y-webrtc's signalling server, the y-websocket server, and the baseline page. Each stops with
 * the run.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startRelay, stopProcess, tempKeyFile } from '../../tests/e2e/support/relay.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Service {
	url: string;
	/** The server's process id, when it is a process of its own (its CPU time is measured). */
	pid?: number;
	stop(): Promise<void>;
}

/** A port free right now on loopback (the OS picks it). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Runs `node <args>` from the repository root and waits until `ready` answers. */
async function startNode(
	name: string,
	args: string[],
	env: Record<string, string | undefined>,
	url: string
): Promise<Service> {
	const merged = { ...process.env, ...env };
	for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
	const child = spawn(process.execPath, args, {
		cwd: ROOT,
		env: merged,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const output: string[] = [];
	child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
	const deadline = Date.now() + 30_000;
	const httpUrl = url.replace(/^ws/, 'http');
	for (;;) {
		if (child.exitCode !== null) {
			throw new Error(`${name} exited with ${child.exitCode}:\n${output.join('')}`);
		}
		const up = await fetch(httpUrl).then(
			() => true,
			() => false
		);
		if (up) break;
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`${name} did not answer at ${httpUrl} within 30 s:\n${output.join('')}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return { url, pid: child.pid, stop: () => stopProcess(child) };
}

/** The app's static build (build/), served like production (scripts/serve.js). */
export async function startApp(): Promise<Service> {
	const port = await freePort();
	return startNode(
		'app server',
		['scripts/serve.js', '--port', String(port), '--host', '127.0.0.1'],
		{},
		`http://127.0.0.1:${port}`
	);
}

/** Our relay (relay/main.ts); `url` is its WebSocket multiaddr with its peer id. */
export async function startOurRelay(): Promise<Service> {
	const relay = await startRelay(await freePort(), tempKeyFile());
	return { url: relay.address, pid: relay.pid, stop: relay.stop };
}

/** y-webrtc's own signalling server (node_modules/y-webrtc/bin/server.js). */
export async function startYWebrtcSignaling(): Promise<Service> {
	const port = await freePort();
	return startNode(
		'y-webrtc signalling',
		['node_modules/y-webrtc/bin/server.js'],
		{ PORT: String(port) },
		`ws://127.0.0.1:${port}`
	);
}

/** The y-websocket server (@y/websocket-server), in memory (no YPERSISTENCE). */
export async function startYWebsocketServer(): Promise<Service> {
	const port = await freePort();
	return startNode(
		'y-websocket server',
		['node_modules/@y/websocket-server/src/server.js'],
		{ HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: undefined },
		`ws://127.0.0.1:${port}`
	);
}
