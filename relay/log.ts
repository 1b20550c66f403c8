// Concise, timestamped operator log lines for the key relay events. Verbose
// internals stay behind libp2p's debug logger (DEBUG=relay*,libp2p:*).
import { clearInterval, setInterval } from 'node:timers';
import type { RelayNode } from './node.ts';
import type { StoreEvent } from './store-service.ts';
import type { TopicMirror, TopicMirrorEvent } from './topic-mirror.ts';
import type { Connection } from '@libp2p/interface';

export function logLine(message: string): void {
	console.log(`${new Date().toISOString()} ${message}`);
}

export function warnLine(message: string): void {
	console.error(`${new Date().toISOString()} WARN ${message}`);
}

function describeConnection(conn: Connection): string {
	const limited = conn.limits == null ? '' : ' limited';
	// remoteAddr ends in /p2p/<peer id>, already printed in front
	const addr = conn.remoteAddr.toString().replace(/\/p2p\/[^/]+$/, '');
	return `${conn.remotePeer.toString()} ${conn.direction}${limited} via ${addr}`;
}

export function logStoreEvent(event: StoreEvent): void {
	if (event.type === 'refused') {
		warnLine(
			`store refused ${event.op} for ${event.topic} from ${event.peer}: ${event.code} (${event.message})`
		);
	} else {
		warnLine(`store stream from ${event.peer} failed: ${event.error}`);
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
			warnLine(
				`mirror refused ${event.kind} ${event.topic} from ${event.peer.toString()}: ${event.reason}`
			);
			break;
		case 'error':
			warnLine(`mirror error on ${event.topic}: ${String(event.error)}`);
			break;
	}
}

/**
 * Logs connection open/close and a periodic status summary (only when it
 * changed). Returns a function that detaches everything.
 */
export function attachEventLogging(
	node: RelayNode,
	mirror: TopicMirror,
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
		const status =
			`status: ${node.getPeers().length} peers, ${node.getConnections().length} connections, ` +
			`${node.services.relay.reservations.size} reservations, ${mirror.topics.length} mirrored topics`;
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
