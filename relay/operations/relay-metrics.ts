// The relay's own Prometheus metrics, next to libp2p's (@libp2p/prometheus-metrics, in the same
// registry). Every value is read when Prometheus scrapes (collect callbacks): nothing is counted
// twice and idle relays do no work for metrics.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BoardStore } from '../board-store.ts';
import type { GossipGuard } from '../gossip-guard.ts';
import type { RelayNode } from '../node.ts';
import type { RefusalCounters } from '../refusals.ts';
import type { StoreService } from '../store-service.ts';
import type { TopicMirror } from '../topic-mirror.ts';
import { transportOf } from './transport.ts';

export interface MetricSources {
	node: RelayNode;
	mirror: TopicMirror;
	refusals: RefusalCounters;
	guard: GossipGuard;
	store: BoardStore | null;
	storeService: StoreService | null;
	/** Federation peers and whether each is connected now. */
	federation: () => Array<{ peer: string; connected: boolean }>;
}

/** A counter whose value lives elsewhere: each scrape adds what grew since the last one. */
function mirroredCounter(
	registry: Registry,
	name: string,
	help: string,
	labelNames: string[],
	read: () => Array<[Record<string, string>, number]>
): void {
	const reported = new Map<string, number>();
	new Counter({
		name,
		help,
		labelNames,
		registers: [registry],
		collect() {
			for (const [labels, value] of read()) {
				const key = JSON.stringify(labels);
				const grew = value - (reported.get(key) ?? 0);
				if (grew > 0) this.inc(labels, grew);
				reported.set(key, value);
			}
		}
	});
}

export function registerRelayMetrics(registry: Registry, sources: MetricSources): void {
	const { node, mirror, refusals, guard, store, storeService } = sources;
	new Gauge({
		name: 'whiteboard_relay_connections',
		help: 'Open connections by transport',
		labelNames: ['transport'],
		registers: [registry],
		collect() {
			this.reset();
			for (const conn of node.getConnections()) this.inc({ transport: transportOf(conn) });
		}
	});
	new Gauge({
		name: 'whiteboard_relay_reservations',
		help: 'Circuit-relay reservations held',
		registers: [registry],
		collect() {
			this.set(node.services.relay.reservations.size);
		}
	});
	new Gauge({
		name: 'whiteboard_relay_room_topics',
		help: 'Topics the relay mirrors for its peers, by kind',
		labelNames: ['kind'],
		registers: [registry],
		collect() {
			this.reset();
			this.set({ kind: 'discovery' }, 0);
			this.set({ kind: 'topic' }, 0);
			for (const topic of mirror.topics) this.inc({ kind: mirror.kindOf(topic) });
		}
	});
	new Gauge({
		name: 'whiteboard_relay_federation_peers',
		help: 'Peered relays (--peer), by state',
		labelNames: ['state'],
		registers: [registry],
		collect() {
			const peers = sources.federation();
			this.set({ state: 'connected' }, peers.filter((p) => p.connected).length);
			this.set({ state: 'disconnected' }, peers.filter((p) => !p.connected).length);
		}
	});
	mirroredCounter(
		registry,
		'whiteboard_relay_refusals_total',
		'Requests the relay refused, by reason (see README "Limits against abuse")',
		['reason'],
		() => refusals.entries().map(([reason, n]) => [{ reason }, n])
	);
	mirroredCounter(
		registry,
		'whiteboard_relay_gossip_messages_total',
		'Gossip messages on mirrored topics, by verdict',
		['verdict'],
		() => [
			[{ verdict: 'accepted' }, guard.stats.accepted],
			[{ verdict: 'too-large' }, guard.stats.tooLarge],
			[{ verdict: 'rate' }, guard.stats.overRate],
			[{ verdict: 'rate-per-address' }, guard.stats.overAddressRate]
		]
	);
	mirroredCounter(
		registry,
		'whiteboard_relay_gossip_bytes_total',
		'Payload bytes of gossip messages accepted on mirrored topics',
		[],
		() => [[{}, guard.stats.acceptedBytes]]
	);
	if (store == null || storeService == null) return;
	mirroredCounter(
		registry,
		'whiteboard_relay_store_requests_total',
		'Board store requests answered, by operation',
		['op'],
		() => [
			[{ op: 'read' }, storeService.stats.reads],
			// Of those reads, the ones made over plain HTTP (store-http.ts).
			[{ op: 'read-http' }, storeService.stats.httpReads],
			[{ op: 'append' }, storeService.stats.appends],
			[{ op: 'snapshot' }, storeService.stats.snapshots]
		]
	);
	new Gauge({
		name: 'whiteboard_relay_store_bytes',
		help: 'Bytes the board store holds',
		registers: [registry],
		collect() {
			this.set(store.stats().bytes);
		}
	});
	new Gauge({
		name: 'whiteboard_relay_store_boards',
		help: 'Boards the board store holds',
		registers: [registry],
		collect() {
			this.set(store.stats().rooms);
		}
	});
}
