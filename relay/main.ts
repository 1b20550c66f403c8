// Entry point: `npx tsx relay/main.ts [options]` (see --help).
// The polyfill import must stay first: ESM evaluates imports in order.
import './polyfills.ts';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WebSockets } from '@multiformats/multiaddr-matcher';
import { loadOrCreateRelayIdentity, RelayIdentityError } from './identity.ts';
import { errorLine, logLine, setLogFormat, warnLine } from './log.ts';
import { BoardStore } from './board-store.ts';
import { parseRelayOptions, relayHelpText, RelayOptionsError } from './options.ts';
import { createRelayServer } from './relay-server.ts';
import type { RelayCommand, RelayConfig } from './options.ts';
import type { Listener } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';

function relayVersion(): string {
	try {
		const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
			version?: string;
		};
		return pkg.version ?? 'unknown';
	} catch {
		return 'unknown';
	}
}

function parseCommand(): RelayCommand {
	try {
		return parseRelayOptions(process.argv.slice(2), process.env);
	} catch (err) {
		if (!(err instanceof RelayOptionsError)) throw err;
		console.error(`Error: ${err.message}`);
		console.error('Run with --help to list the options.');
		process.exit(2);
	}
}

/** Loopback first: the RELAY_READY address is meant for scripts on this machine. */
function pickReadyAddr(addrs: Multiaddr[]): Multiaddr | undefined {
	const ws = addrs.filter((ma) => WebSockets.exactMatch(ma));
	const isLoopback = (ma: Multiaddr) => /^\/(ip4\/127\.|ip6\/::1\/)/.test(ma.toString());
	return ws.find(isLoopback) ?? ws[0];
}

async function main(): Promise<void> {
	const command = parseCommand();
	if (command.kind === 'help') {
		console.log(relayHelpText());
		return;
	}
	if (command.kind === 'version') {
		console.log(`whiteboard-relay ${relayVersion()} (node ${process.version})`);
		return;
	}
	const { config } = command;
	setLogFormat(config.logFormat);

	const identity = await loadOrCreateRelayIdentity(config.keyFile);
	for (const warning of identity.warnings) warnLine(warning);
	logLine(`${identity.created ? 'created new' : 'loaded'} relay key ${identity.keyFile}`);

	const store = openStore(config);
	const server = await createRelayServer(config, identity.privateKey, store);
	const { node } = server;
	// listener addresses stay visible even when --announce replaces getMultiaddrs()
	const listeners: Listener[] = [];
	node.addEventListener('transport:listening', (evt) => listeners.push(evt.detail));

	try {
		await server.start();
	} catch (err) {
		errorLine(
			`could not start the relay: ${err instanceof Error ? err.message : err}. ` +
				'Is another process using the port? Change it with --port, --tcp-port, --metrics-port etc.'
		);
		await server.stop().catch(() => {});
		process.exit(1);
	}
	const expiry = store && startExpiry(store);

	const p2p = `/p2p/${node.peerId.toString()}`;
	const withId = (ma: Multiaddr) => (ma.toString().endsWith(p2p) ? ma : ma.encapsulate(p2p));
	// websocket first: that is the address browsers and the RELAY_READY line use
	const rank = (ma: Multiaddr) =>
		WebSockets.matches(ma) ? 0 : ma.toString().includes('/udp/') ? 1 : 2;
	const listenAddrs = listeners
		.flatMap((listener) => listener.getAddrs())
		.sort((a, b) => rank(a) - rank(b))
		.map(withId);
	const announced = node.getMultiaddrs().map(withId);

	const ready = pickReadyAddr(listenAddrs);
	const ops = server.ops == null ? undefined : `http://${config.metricsHost}:${server.ops.port}`;
	if (config.logFormat === 'json') {
		logLine('relay ready', {
			event: 'ready',
			peerId: node.peerId.toString(),
			listen: listenAddrs.map(String),
			announce: config.announce.length > 0 ? announced.map(String) : undefined,
			ready: ready?.toString(),
			ops
		});
	} else {
		console.log(`Relay peer id: ${node.peerId.toString()}`);
		console.log('Listening on:');
		for (const ma of listenAddrs) console.log(`  ${ma.toString()}`);
		if (config.announce.length > 0) {
			console.log('Announcing:');
			for (const ma of announced) console.log(`  ${ma.toString()}`);
		}
		if (ops != null) console.log(`Health and metrics: ${ops}/health ${ops}/metrics`);
		console.log(`RELAY_READY ${ready?.toString() ?? '(no websocket address)'}`);
	}

	let stopping = false;
	const shutdown = (signal: NodeJS.Signals) => {
		if (stopping) {
			console.error(`Received ${signal} again, forcing exit`);
			process.exit(1);
		}
		stopping = true;
		logLine(`received ${signal}, shutting down (finishing store writes)`, { event: 'stopping' });
		if (expiry != null) clearInterval(expiry);
		server.stop().then(
			() => {
				store?.close();
				logLine('relay stopped', { event: 'stopped' });
				process.exit(0);
			},
			(err: unknown) => {
				console.error('Error while stopping the relay:', err);
				process.exit(1);
			}
		);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

/** Opens the board store, or exits with a clear message; null with --no-store. */
function openStore(config: RelayConfig): BoardStore | null {
	if (!config.store) {
		logLine('store off (--no-store): boards are kept by browsers only');
		return null;
	}
	const dir = config.dataDir || join(dirname(config.keyFile), '.relay-data');
	try {
		const store = BoardStore.open(dir, {
			roomBytes: config.storeRoomBytes,
			totalBytes: config.storeTotalBytes,
			idleMs: config.storeIdleMs
		});
		const { rooms, bytes } = store.stats();
		logLine(`store ${dir}: ${rooms} boards, ${bytes} bytes`);
		return store;
	} catch (err) {
		console.error(`Error: could not open the board store in ${dir}: ${(err as Error).message}`);
		console.error('Pass another directory with --data-dir, or run without a store: --no-store.');
		process.exit(1);
	}
}

/** Deletes idle boards now and every hour. */
function startExpiry(store: BoardStore): NodeJS.Timeout {
	const sweep = () => {
		const expired = store.expireIdle();
		if (expired > 0) logLine(`store: deleted ${expired} idle boards`);
	};
	sweep();
	return setInterval(sweep, 3_600_000).unref();
}

main().catch((err: unknown) => {
	if (err instanceof RelayIdentityError) {
		console.error(`Error: ${err.message}`);
	} else {
		console.error('Fatal error:', err);
	}
	process.exit(1);
});
