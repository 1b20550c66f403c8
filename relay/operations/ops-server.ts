// The operator's HTTP endpoint (`--metrics-port`, off by default): GET /health answers JSON that
// says whether the relay is ready, with its peer id and counts (503 while not ready); GET /metrics
// answers Prometheus text (libp2p's metrics and ours, relay-metrics.ts). Nothing else is served.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { MetricSources } from './relay-metrics.ts';
import { transportOf } from './transport.ts';

export interface Health {
	ready: boolean;
	peerId: string;
	connections: Record<string, number>;
	reservations: number;
	topics: number;
	store: { boards: number; bytes: number } | 'off';
	federation: Array<{ peer: string; connected: boolean }>;
}

export function health(sources: MetricSources, ready: boolean): Health {
	const { node, mirror, store } = sources;
	const connections: Record<string, number> = {};
	for (const conn of node.getConnections()) {
		const transport = transportOf(conn);
		connections[transport] = (connections[transport] ?? 0) + 1;
	}
	let storeState: Health['store'] = 'off';
	if (store != null) {
		const { rooms, bytes } = store.stats();
		storeState = { boards: rooms, bytes };
	}
	return {
		ready,
		peerId: node.peerId.toString(),
		connections,
		reservations: node.services.relay.reservations.size,
		topics: mirror.topics.length,
		store: storeState,
		federation: sources.federation()
	};
}

export interface OpsServer {
	/** The port it listens on (useful with port 0). */
	port: number;
	close(): Promise<void>;
}

export async function startOpsServer(
	host: string,
	port: number,
	registry: Registry,
	sources: MetricSources,
	isReady: () => boolean
): Promise<OpsServer> {
	const server: Server = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { allow: 'GET, HEAD' }).end();
			return;
		}
		if (path === '/health') {
			const body = health(sources, isReady());
			res
				.writeHead(body.ready ? 200 : 503, { 'content-type': 'application/json' })
				.end(JSON.stringify(body));
			return;
		}
		if (path === '/metrics') {
			registry.metrics().then(
				(text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
				(err: unknown) => res.writeHead(500).end(String(err))
			);
			return;
		}
		res
			.writeHead(404, { 'content-type': 'text/plain' })
			.end('not found: try /health or /metrics\n');
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	return {
		port: (server.address() as AddressInfo).port,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
