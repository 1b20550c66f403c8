// What the relay logs as it runs: connections opening and closing, mirrored topics, store
// refusals, and the periodic status line with every refusal by reason.
import { clearInterval, setInterval } from 'node:timers';
import type { Connection } from '@libp2p/interface';
import type { FederationEvent } from './federation/federation.ts';
import type { GossipGuard } from './gossip-guard.ts';
import { logLine, throttledWarn, warnLine } from './log.ts';
import type { RelayNode } from './node.ts';
import type { RefusalCounters } from './refusals.ts';
import type { StoreEvent } from './store-service.ts';
import type { TopicMirror, TopicMirrorEvent } from './topic-mirror.ts';

function describeConnection(conn: Connection): string {
	const limited = conn.limits == null ? '' : ' limited';
	// remoteAddr ends in /p2p/<peer id>, already printed in front
	const addr = conn.remoteAddr.toString().replace(/\/p2p\/[^/]+$/, '');
	return `${conn.remotePeer.toString()} ${conn.direction}${limited} via ${addr}`;
}

const warnThrottled = throttledWarn();

export function logStoreEvent(event: StoreEvent): void {
	if (event.type === 'refused') {
		warnThrottled(
			`store:${event.code}`,
			`store refused ${event.op} for ${event.topic} from ${event.peer}: ${event.code} (${event.message})`
		);
	} else {
		warnThrottled('store:error', `store stream from ${event.peer} failed: ${event.error}`);
	}
}

export function logFederationEvent(event: FederationEvent): void {
	switch (event.type) {
		case 'connected':
			logLine(`peer relay + ${event.peer} via ${event.addr}`, {
				event: 'federation-connected',
				peer: event.peer
			});
			break;
		case 'lost':
			warnLine(`peer relay - ${event.peer}: connection lost, reconnecting`, {
				event: 'federation-lost',
				peer: event.peer
			});
			break;
		case 'unreachable':
			warnLine(
				`peer relay ${event.peer} unreachable at ${event.addr}: ${event.error}; retrying in ${Math.round(event.retryInMs / 1000)} s`,
				{ event: 'federation-unreachable', peer: event.peer, retryInMs: event.retryInMs }
			);
			break;
	}
}

export function logMirrorEvent(event: TopicMirrorEvent): void {
	switch (event.type) {
		case 'mirror':
			logLine(
				`mirror + ${event.kind} ${event.topic} (first subscriber ${event.peer.toString()}, ${event.mirrored} mirrored)`
			);
			break;
		case 'unmirror':
			logLine(`mirror - ${event.kind} ${event.topic} (no subscribers, ${event.mirrored} mirrored)`);
			break;
		case 'refused':
			warnThrottled(
				`topic:${event.reason}`,
				`mirror refused ${event.kind} ${event.topic} from ${event.peer.toString()}: ${event.message}`
			);
			break;
		case 'error':
			warnLine(`mirror error on ${event.topic}: ${String(event.error)}`);
			break;
	}
}

/** What the periodic status line reports besides the node's own counts. */
export interface StatusSources {
	mirror: TopicMirror;
	refusals: RefusalCounters;
	guard: GossipGuard;
}

/** The status line: peers, connections, reservations, topics, then every refusal by reason. */
export function statusLine(node: RelayNode, { mirror, refusals, guard }: StatusSources): string {
	const { tooLarge, overRate, overAddressRate } = guard.stats;
	const gossip = [
		tooLarge > 0 ? `gossip:too-large ${tooLarge}` : '',
		overRate > 0 ? `gossip:rate ${overRate}` : '',
		overAddressRate > 0 ? `gossip:rate-per-address ${overAddressRate}` : ''
	].filter(Boolean);
	const refused = [refusals.summary(), ...gossip].filter((part) => part !== 'none');
	return (
		`status: ${node.getPeers().length} peers, ${node.getConnections().length} connections, ` +
		`${node.services.relay.reservations.size} reservations, ${mirror.topics.length} mirrored topics` +
		(mirror.waiting > 0 ? ` (${mirror.waiting} waiting)` : '') +
		`; refused: ${refused.length === 0 ? 'none' : refused.join(', ')}`
	);
}

/**
 * Logs connection open/close and a periodic status summary (only when it
 * changed). Returns a function that detaches everything.
 */
export function attachEventLogging(
	node: RelayNode,
	sources: StatusSources,
	statusIntervalMs = 60_000
): () => void {
	const fields = (conn: Connection, event: string) => ({
		event,
		peer: conn.remotePeer.toString(),
		direction: conn.direction,
		limited: conn.limits != null,
		addr: conn.remoteAddr.toString(),
		open: node.getConnections().length
	});
	const onOpen = (evt: CustomEvent<Connection>) => {
		logLine(
			`conn + ${describeConnection(evt.detail)} (${node.getConnections().length} open)`,
			fields(evt.detail, 'connection-open')
		);
	};
	const onClose = (evt: CustomEvent<Connection>) => {
		logLine(
			`conn - ${describeConnection(evt.detail)} (${node.getConnections().length} open)`,
			fields(evt.detail, 'connection-close')
		);
	};
	node.addEventListener('connection:open', onOpen);
	node.addEventListener('connection:close', onClose);

	let lastStatus = '';
	const timer = setInterval(() => {
		const status = statusLine(node, sources);
		if (status !== lastStatus)
			logLine(status, { event: 'status', refused: Object.fromEntries(sources.refusals.entries()) });
		lastStatus = status;
	}, statusIntervalMs);
	timer.unref();

	return () => {
		node.removeEventListener('connection:open', onOpen);
		node.removeEventListener('connection:close', onClose);
		clearInterval(timer);
	};
}
