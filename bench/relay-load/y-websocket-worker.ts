/**
 * One process of simulated browsers for `npm run bench:relay`, on @y/websocket-server: y-websocket
 * providers in Node (the `ws` package as WebSocket), each from a source address of its own group,
 * in the same rooms and at the same message rate as the libp2p clients. Each message is a Yjs
 * update that sets this client's entry in the room's map to its send time and a payload of the
 * same size; receivers report how long the server took to forward it. Prints one JSON line.
 * Usage: tsx bench/relay-load/y-websocket-worker.ts <config json>
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readWorkerConfig, sendSteadily, waitForGo, type WorkerReport } from './worker-config.ts';

// Every provider adds a process 'exit' listener.
process.setMaxListeners(0);
const config = readWorkerConfig();
let measureFrom = Number.POSITIVE_INFINITY;

/** `ws` with a source address: y-websocket constructs it with (url, protocols) only. */
function socketFrom(localAddress: string) {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { localAddress });
		}
	};
}

interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	index: number;
}

const latencies: number[] = [];
const clients: Client[] = [];
let failed = 0;
for (let i = 0; i < config.count; i++) {
	const index = config.first + i;
	const doc = new Y.Doc();
	const room = `load-${Math.floor(index / config.roomSize)}`;
	const provider = new WebsocketProvider(config.target, room, doc, {
		WebSocketPolyfill: socketFrom(config.sourceAddress(index)) as never,
		disableBc: true
	});
	doc.getMap<{ t: number; p: string }>('m').observe((event) => {
		if (event.transaction.local || Date.now() < measureFrom) return;
		for (const key of event.keysChanged) {
			const value = event.target.get(key) as { t: number } | undefined;
			if (value != null) latencies.push(Date.now() - value.t);
		}
	});
	clients.push({ doc, provider, index });
}
await Promise.all(
	clients.map(
		({ provider }) =>
			new Promise<void>((resolve) => {
				if (provider.synced) return resolve();
				const timer = setTimeout(() => {
					failed++;
					resolve();
				}, 20_000);
				provider.once('sync', () => {
					clearTimeout(timer);
					resolve();
				});
			})
	)
);
process.stdout.write(`${JSON.stringify({ ready: clients.length - failed })}\n`);
const go = await waitForGo();
measureFrom = go.measureFrom;

const padding = 'x'.repeat(Math.max(0, config.messageBytes - 16));
const { sent: published, cpuMs } = await sendSteadily(
	clients.map(({ doc, index }) => () => {
		doc.getMap('m').set(String(index), { t: Date.now(), p: padding });
	}),
	config.messagesPerSecond,
	go
);
const report: WorkerReport = {
	connected: clients.length - failed,
	failed,
	published,
	publishFailed: 0,
	latencies,
	cpuMs
};
process.stdout.write(`${JSON.stringify(report)}\n`);
for (const { provider } of clients) provider.destroy();
process.exit(0);
