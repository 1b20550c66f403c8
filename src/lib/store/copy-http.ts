/**
 * Reads a relay's copy of a board over plain HTTP on the relay's WebSocket port (PROTOCOL.md,
 * "Relay store"): one request that can start as the page loads, before the libp2p connection
 * (WebSocket, Noise, yamux, stream negotiation) is up. Only reads go this way; the answer is the
 * same sealed bytes a libp2p read gets, and is opened and checked the same way.
 */
import type { Multiaddr } from '@multiformats/multiaddr';
import { readAnswer, type CopyRead } from './copy-read';
import { RELAY_PEER_HEADER, STORE_HTTP_PATH, unframeMessages } from './store-wire';

/** A copy read over HTTP, and the relay whose numbering it has. */
export interface HttpCopyRead {
	/** The relay's peer id, as it said (or as its multiaddr said). */
	relay: string;
	read: CopyRead;
}

/**
 * The HTTP origin of a relay's WebSocket address (`/…/tcp/<port>/ws` is http, `/tls/ws` and
 * `/wss` https), or null for an address that is not a WebSocket one.
 */
export function relayHttpOrigin(addr: Multiaddr): string | null {
	let host: string | undefined;
	let port: string | undefined;
	let scheme: 'http' | 'https' | undefined;
	let tls = false;
	for (const { name, value } of addr.getComponents()) {
		if (name === 'ip4' || name === 'dns' || name === 'dns4' || name === 'dns6') host = value;
		else if (name === 'ip6') host = `[${value}]`;
		else if (name === 'tcp') port = value;
		else if (name === 'tls') tls = true;
		else if (name === 'ws') scheme = tls ? 'https' : 'http';
		else if (name === 'wss') scheme = 'https';
	}
	if (host == null || port == null || scheme == null) return null;
	return `${scheme}://${host}:${port}`;
}

/** Where a relay answers reads over HTTP, and the peer id its multiaddr names (if it does). */
export interface RelayOrigin {
	origin: string;
	peer: string | null;
}

/** The relays of `relays` that have a WebSocket address, in order: where a copy can be read. */
export function relayOrigins(relays: readonly Multiaddr[]): RelayOrigin[] {
	const origins: RelayOrigin[] = [];
	for (const relay of relays) {
		const origin = relayHttpOrigin(relay);
		const peer = relay.getComponents().findLast((c) => c.name === 'p2p')?.value ?? null;
		if (origin != null) origins.push({ origin, peer });
	}
	return origins;
}

/**
 * Starts reading `topicId`'s copy from the first of `relays`: the relay and its answer, once its
 * headers have come. Throws if there is no such relay, if it cannot answer (fetchCopyResponse),
 * or if it is another than its multiaddr names.
 */
export async function requestCopyFrom(
	topicId: string,
	relays: readonly RelayOrigin[],
	signal: AbortSignal
): Promise<CopyResponse> {
	const [relay] = relays;
	if (relay == null) throw new Error('no relay with a WebSocket address');
	const answer = await fetchCopyResponse(copyReadUrl(relay.origin, topicId), signal);
	if (relay.peer != null && relay.peer !== answer.relay) {
		throw new Error(`the relay at ${relay.origin} is ${answer.relay}, not ${relay.peer}`);
	}
	return answer;
}

/** The URL of a read of `topicId` after `since` from the relay at `origin`. */
export function copyReadUrl(origin: string, topicId: string, since = 0, generation = 0): string {
	return `${origin}${STORE_HTTP_PATH}${encodeURIComponent(topicId)}?since=${since}&generation=${generation}`;
}

/** A relay's answer to a read over HTTP, its body not read yet. */
export interface CopyResponse {
	/** The relay's peer id, as it said. */
	relay: string;
	response: Response;
}

/**
 * Fetches a read up to its headers. Throws an Error when the relay does not serve copies over
 * HTTP (no store there, or not a relay) and for a network failure.
 */
export async function fetchCopyResponse(url: string, signal: AbortSignal): Promise<CopyResponse> {
	performance.mark('whiteboard:copy-request');
	const response = await fetch(url, { signal, cache: 'no-store', credentials: 'omit' });
	performance.mark('whiteboard:copy-headers');
	const relay = response.headers.get(RELAY_PEER_HEADER);
	if (response.headers.get('content-type') !== 'application/octet-stream' || relay == null) {
		throw new Error(`the relay does not serve its copy over HTTP (status ${response.status})`);
	}
	return { relay, response };
}

/** Reads and decodes a read's body (readAnswer says what it throws). */
export async function readCopyBody(response: Response): Promise<CopyRead> {
	const messages = unframeMessages(new Uint8Array(await response.arrayBuffer()));
	performance.mark('whiteboard:copy-body');
	let next = 0;
	return readAnswer(async () => messages[next++] ?? null);
}

/**
 * Fetches and decodes a read. Throws StoreRefusedError for the relay's refusal, and an Error for
 * anything else (no store on that relay, a network failure, a malformed answer).
 */
export async function fetchCopy(url: string, signal: AbortSignal): Promise<HttpCopyRead> {
	const { relay, response } = await fetchCopyResponse(url, signal);
	return { relay, read: await readCopyBody(response) };
}
