// Concise, timestamped operator log lines for the key relay events. Verbose
// internals stay behind libp2p's debug logger (DEBUG=relay*,libp2p:*).
import { clearInterval, setInterval } from 'node:timers';
import type { GossipGuard } from './gossip-guard.ts';
import type { RelayNode } from './node.ts';
import type { RefusalCounters } from './refusals.ts';
import type { StoreEvent } from './store-service.ts';
import type { TopicMirror, TopicMirrorEvent } from './topic-mirror.ts';
import type { Connection } from '@libp2p/interface';

export function logLine(message: string): void {
	console.log(`${new Date().toISOString()} ${message}`);
}

export function warnLine(message: string): void {
	console.error(`${new Date().toISOString()} WARN ${message}`);
}

const THROTTLE_MS = 10_000;

/**
 * A warn function per reason: the first line is logged, then at most one every 10 s, saying how
 * many were skipped in between.
 */
export function throttledWarn(): (reason: string, line: string) => void {
	const last = new Map<string, { at: number; skipped: number }>();
	return (reason, line) => {
		const now = Date.now();
		const seen = last.get(reason);
		if (seen != null && now - seen.at < THROTTLE_MS) {
			seen.skipped++;
			return;
		}
		const more = seen != null && seen.skipped > 0 ? ` (+${seen.skipped} more since)` : '';
		last.set(reason, { at: now, skipped: 0 });
		warnLine(`${line}${more}`);
	};
}

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
	const onOpen = (evt: CustomEvent<Connection>) => {
		logLine(`conn + ${describeConnection(evt.detail)} (${node.getConnections().length} open)`);
	};
	const onClose = (evt: CustomEvent<Connection>) => {
		logLine(`conn - ${describeConnection(evt.detail)} (${node.getConnections().length} open)`);
	};
	node.addEventListener('connection:open', onOpen);
	node.addEventListener('connection:close', onClose);

	let lastStatus = '';
	const timer = setInterval(() => {
		const status = statusLine(node, sources);
		if (status !== lastStatus) logLine(status);
		lastStatus = status;
	}, statusIntervalMs);
	timer.unref();

	return () => {
		node.removeEventListener('connection:open', onOpen);
		node.removeEventListener('connection:close', onClose);
		clearInterval(timer);
	};
}
