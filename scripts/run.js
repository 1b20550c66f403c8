#!/usr/bin/env node
// Runs the relay and the app together: `node scripts/run.js preview` (built app, `npm start`) or
// `node scripts/run.js dev` (Vite dev server, `npm run dev`). Ctrl+C stops both.
import { spawn } from 'node:child_process';

const mode = process.argv[2] === 'dev' ? 'dev' : 'preview';
const appPort = process.env.PORT ?? (mode === 'dev' ? '5173' : '4173');
const relayPort = process.env.RELAY_PORT ?? '9090';
const host = process.env.HOST ?? 'localhost';

const children = [
	start('relay', process.execPath, ['--import', 'tsx', 'relay/main.ts', '--port', relayPort]),
	mode === 'dev'
		? start('app', process.execPath, [
				'node_modules/vite/bin/vite.js',
				'--port',
				appPort,
				'--strictPort',
				'--host',
				host
			])
		: start('app', process.execPath, ['scripts/serve.js', '--port', appPort, '--host', host])
];

console.log(`\n  Whiteboard app:  http://${host}:${appPort}`);
console.log(`  Relay:           /dns4/${host}/tcp/${relayPort}/ws  (peer id printed below)\n`);

function start(name, command, args) {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
	const prefix = (stream, out) =>
		stream.on('data', (chunk) => {
			for (const line of chunk.toString().split('\n'))
				if (line !== '') out.write(`[${name}] ${line}\n`);
		});
	prefix(child.stdout, process.stdout);
	prefix(child.stderr, process.stderr);
	child.on('exit', (code, signal) => {
		if (stopping) return;
		console.error(`[${name}] exited (${signal ?? code}); stopping`);
		stop(code ?? 1);
	});
	return child;
}

let stopping = false;
function stop(code = 0) {
	if (stopping) return;
	stopping = true;
	for (const child of children) if (child.exitCode == null) child.kill('SIGTERM');
	setTimeout(() => process.exit(code), 3000).unref();
	Promise.all(
		children.map((c) => (c.exitCode != null ? null : new Promise((r) => c.on('exit', r))))
	).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
