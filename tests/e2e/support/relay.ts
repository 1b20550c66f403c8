import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RelayHandle {
	/** The relay's WebSocket multiaddr, with its peer id. */
	address: string;
	port: number;
	/** The relay's process id (the benchmarks read its CPU time). */
	pid: number | undefined;
	/** Everything the relay printed so far (stdout and stderr). */
	output(): string;
	/** SIGTERM: a clean shutdown. */
	stop(): Promise<void>;
	/** SIGKILL: the process dies at once, as in a crash. */
	kill(): Promise<void>;
}

/** A key file per test run, so restarts of the relay keep its peer id. */
export function tempKeyFile(): string {
	return join(mkdtempSync(join(tmpdir(), 'whiteboard-relay-')), 'relay.key');
}

/** The arguments that run the relay on loopback: `--host 127.0.0.1`, the ports and the key. */
export function loopbackRelayArgs(port: number, keyFile: string, tcpPort?: number): string[] {
	return [
		'--host',
		'127.0.0.1',
		'--port',
		String(port),
		'--webrtc-direct-port',
		'0',
		'--tcp-port',
		tcpPort == null ? 'off' : String(tcpPort),
		'--key-file',
		keyFile
	];
}

/** Starts the real relay (`relay/main.ts`) on loopback and waits until it listens. */
export async function startRelay(
	port: number,
	keyFile: string,
	options: { tcpPort?: number; extraArgs?: string[] } = {}
): Promise<RelayHandle> {
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			'relay/main.ts',
			...loopbackRelayArgs(port, keyFile, options.tcpPort),
			...(options.extraArgs ?? [])
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	const output: string[] = [];
	const address = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`relay did not start within 30 s:\n${output.join('')}`)),
			30_000
		);
		const onData = (chunk: Buffer): void => {
			output.push(chunk.toString());
			const match = /^RELAY_READY (\S+)$/m.exec(output.join(''));
			if (match?.[1]) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`relay exited with ${code} before it was ready:\n${output.join('')}`));
		});
	});
	return {
		address,
		port,
		pid: child.pid,
		output: () => output.join(''),
		stop: () => stopProcess(child),
		kill: () => killProcess(child)
	};
}

/** SIGKILL; resolves once the process has exited. */
export function killProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode != null || child.signalCode != null) return Promise.resolve();
	return new Promise((resolve) => {
		child.once('exit', () => resolve());
		child.kill('SIGKILL');
	});
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
export function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode != null || child.signalCode != null) return Promise.resolve();
	return new Promise((resolve) => {
		const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
		child.once('exit', () => {
			clearTimeout(force);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
