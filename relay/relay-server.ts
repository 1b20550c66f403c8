// The relay's parts put together on one libp2p node: circuit relay with its admission limits,
// the topic mirror and its limits, discovery records, gossip limits, refusal notices and the
// board store service. main.ts adds the command line, the output and signals; tests start the
// same server in-process.
import type { PrivateKey } from '@libp2p/interface';
import { NOTICE_TOPIC_REFUSED } from '../src/lib/p2p/relay-notice-wire.ts';
import { PeerAddresses } from './admission/peer-addresses.ts';
import { attachAdmission, type AdmissionParts } from './admission/attach.ts';
import { RelayGater } from './admission/gater.ts';
import type { BoardStore } from './board-store.ts';
import { DiscoveryRecords } from './discovery-records.ts';
import { GossipGuard } from './gossip-guard.ts';
import { attachEventLogging, logMirrorEvent, logStoreEvent } from './event-log.ts';
import { createRelayNode, type RelayNode } from './node.ts';
import type { RelayConfig } from './options.ts';
import { RefusalCounters } from './refusals.ts';
import { RelayNotices } from './relay-notices.ts';
import { StoreService } from './store-service.ts';
import { storeReadHandler } from './store-http.ts';
import { WsHttpRoute } from './ws-http-route.ts';
import { RELAY_SUBSCRIPTION_BUDGET } from './topic-budget.ts';
import { TopicMirror } from './topic-mirror.ts';
import { Federation, federationPeers } from './federation/federation.ts';
import { ReplicationOutbox } from './federation/replication-outbox.ts';
import { StoreReplication } from './federation/store-replication.ts';
import { peerIdFromString } from '@libp2p/peer-id';
import { logFederationEvent } from './event-log.ts';
import { warnLine } from './log.ts';
import { startOpsServer, type OpsServer } from './operations/ops-server.ts';
import { registerRelayMetrics, type MetricSources } from './operations/relay-metrics.ts';
import { Registry } from 'prom-client';

export interface RelayServer {
	node: RelayNode;
	mirror: TopicMirror;
	records: DiscoveryRecords;
	guard: GossipGuard;
	refusals: RefusalCounters;
	notices: RelayNotices;
	admission: AdmissionParts;
	storeService: StoreService | null;
	federation: Federation;
	replication: StoreReplication;
	/** The /health and /metrics endpoint once started (`--metrics-port`), else null. */
	readonly ops: OpsServer | null;
	start(): Promise<void>;
	/** Stops everything; the store stays open (its owner closes it). */
	stop(): Promise<void>;
}

export interface RelayServerOptions {
	/** Operator log lines (connections, mirror, store refusals, status). @default true */
	log?: boolean;
	/** Where the replication outbox lives. @default the board store's directory */
	outboxDir?: string;
}

export async function createRelayServer(
	config: RelayConfig,
	privateKey: PrivateKey,
	store: BoardStore | null,
	options: RelayServerOptions = {}
): Promise<RelayServer> {
	// Appends wait here for peered relays (next to the board store; in memory without a store
	// directory, which only tests do).
	const outbox = ReplicationOutbox.open(options.outboxDir ?? store?.dir ?? ':memory:');
	const log = options.log ?? true;
	const gater = new RelayGater();
	const registry = config.metricsPort == null ? undefined : new Registry();
	const httpRoute = new WsHttpRoute((reason) => {
		if (log) warnLine(`store reads over HTTP are off: ${reason}`, { event: 'store-http-off' });
	});
	const node = await createRelayNode(config, privateKey, gater, registry, httpRoute);
	const refusals = new RefusalCounters();
	const peered = federationPeers(config.peers);
	const federation = new Federation(node, peered, (event) => {
		if (event.type === 'connected') void replication.drain(peerIdFromString(event.peer));
		if (log) logFederationEvent(event);
	});
	const replication = new StoreReplication({
		outbox,
		connectionsOf: (peer) => node.getConnections(peer),
		peers: peered.map((p) => p.id),
		isPeer: federation.isPeer,
		onRefused: (peer, code, message) => {
			refusals.count(`replication:${code}`);
			if (log)
				logStoreEvent({ type: 'error', peer, error: `replica refused: ${code} (${message})` });
		}
	});

	const storeService =
		store &&
		new StoreService({
			store,
			writesPerSecond: config.storeWriteRate,
			peerRequestsPerSecond: config.storePeerRate,
			addressRequestsPerSecond: config.storeAddressRate,
			isTrusted: federation.isPeer,
			onAppended: replication.appended,
			maxSnapshotBytes: config.storeRoomBytes,
			onEvent: (event) => {
				if (event.type === 'refused')
					refusals.count(`store:${event.code}${event.budget ? `:${event.budget}` : ''}`);
				if (log) logStoreEvent(event);
			}
		});

	const addresses = new PeerAddresses((peer) => node.getConnections(peer));
	const { addressOf } = addresses;
	const guard = new GossipGuard(config, addressOf, federation.isPeer);
	// New subscribers of a discovery topic get its records at once (discovery-records.ts).
	const records = new DiscoveryRecords(node.services.pubsub, {
		isDiscoveryTopic: (topic) => topic.startsWith(config.discoveryTopicPrefix),
		maxTopics: config.maxMirroredTopics,
		isRelayPeer: federation.isPeer,
		debug: node.logger.forComponent('relay:discovery-records')
	});
	const notices = new RelayNotices({ connectionsOf: (peer) => node.getConnections(peer) });
	const mirror = new TopicMirror(node.services.pubsub, {
		prefixes: config.mirrorTopicPrefixes,
		discoveryTopicPrefix: config.discoveryTopicPrefix,
		maxTopics: config.maxMirroredTopics,
		maxTopicsPerPeer: config.maxTopicsPerPeer,
		maxTopicsPerAddress: config.maxTopicsPerAddress,
		ignorePeer: federation.isPeer,
		addressOf,
		subscriptionBudgetBytes: RELAY_SUBSCRIPTION_BUDGET,
		isConnected: (peer) => node.getConnections(peer).length > 0,
		onEvent: (event) => {
			if (event.type === 'refused') {
				refusals.count(`topic:${event.reason}`);
				const { topic, reason, message } = event;
				void notices.send(event.peer, { type: NOTICE_TOPIC_REFUSED, topic, reason, message });
			}
			// Every mirrored topic gets the size and rate limits.
			if (event.type === 'mirror')
				node.services.pubsub.topicValidators.set(event.topic, guard.validate);
			if (event.type === 'unmirror') {
				node.services.pubsub.topicValidators.delete(event.topic);
				records.forget(event.topic);
			}
			if (log) logMirrorEvent(event);
		},
		debug: node.logger.forComponent('relay:topic-mirror')
	});
	const admission = attachAdmission(node, gater, config, mirror, refusals, {
		onPeerLeft: (peer) => {
			notices.forget(peer);
			addresses.forget(peer);
		},
		isTrusted: federation.isPeer
	});
	const detachLogging = log
		? attachEventLogging(node, { mirror, refusals, guard }, config.statusIntervalMs)
		: () => {};

	const sources: MetricSources = {
		node,
		mirror,
		refusals,
		guard,
		store,
		storeService,
		federation: () => federation.status()
	};
	if (registry != null) registerRelayMetrics(registry, sources);
	let ready = false;
	let ops: OpsServer | null = null;

	return {
		node,
		mirror,
		records,
		guard,
		refusals,
		notices,
		admission,
		storeService,
		federation,
		replication,
		get ops() {
			return ops;
		},
		async start() {
			if (registry != null && config.metricsPort != null)
				ops = await startOpsServer(
					config.metricsHost,
					config.metricsPort,
					registry,
					sources,
					() => ready
				);
			await node.start();
			mirror.start();
			records.start();
			await storeService?.start(node);
			if (storeService != null)
				httpRoute.use(storeReadHandler(storeService, node.peerId.toString()));
			federation.start();
			ready = true;
		},
		async stop() {
			ready = false;
			// No new store requests; the ones under way finish their write first.
			httpRoute.use(null);
			await storeService?.drain(node);
			federation.stop();
			replication.stop();
			mirror.stop();
			records.stop();
			admission.detach();
			detachLogging();
			await node.stop();
			await ops?.close();
			outbox.close();
		}
	};
}
