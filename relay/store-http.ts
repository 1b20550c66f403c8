// Reads of the board store over plain HTTP, on the relay's WebSocket port (ws-http-route.ts):
// `GET /whiteboard/store/1/<topic id>?since=<n>&generation=<0|1>`. A browser starts this one
// request as the page loads, so it can paint the board before its libp2p connection (WebSocket,
// Noise, yamux, stream negotiation: six round trips) is up. Only reads: the answer is the same
// ciphertext anyone who knows the topic id can read over libp2p, under the same per-address
// budget; every write still goes over libp2p, signed. PROTOCOL.md, "Relay store", has the format.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
	framedParts,
	frameMessages,
	OP_READ,
	RELAY_PEER_HEADER,
	STORE_HTTP_PATH,
	TOPIC_ID_PATTERN
} from '../src/lib/store/store-wire.ts';
import { ipAddressKey } from './admission/address.ts';
import type { StoreService } from './store-service.ts';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const HEADERS = {
	'content-type': 'application/octet-stream',
	// Any page may read: the bytes are ciphertext, and no credentials are involved.
	'access-control-allow-origin': '*',
	'cache-control': 'no-store',
	'x-content-type-options': 'nosniff',
	// Lets the page read the relay's peer id header, and the length (safelisted, but not everywhere
	// yet): the page opens a small answer itself and hands a large one to a worker.
	'access-control-expose-headers': `${RELAY_PEER_HEADER}, content-length`
};

/**
 * Answers a store read; false for any other request (the WebSocket listener's answer applies).
 * `peerId`: the relay's, sent along so the browser knows whose numbering the copy has.
 */
export function storeReadHandler(service: StoreService, peerId: string): HttpHandler {
	const headers = { ...HEADERS, [RELAY_PEER_HEADER]: peerId };
	return (req, res) => {
		const url = new URL(req.url ?? '/', 'http://relay');
		if (!url.pathname.startsWith(STORE_HTTP_PATH)) return false;
		if (req.method !== 'GET') {
			res.writeHead(405, { ...headers, allow: 'GET' }).end();
			return true;
		}
		const address = ipAddressKey(req.socket.remoteAddress);
		const client = `http:${req.socket.remoteAddress ?? '?'}`;
		const topicId = url.pathname.slice(STORE_HTTP_PATH.length);
		const since = Number(url.searchParams.get('since') ?? '0');
		const generation = Number(url.searchParams.get('generation') ?? '0');
		if (
			!TOPIC_ID_PATTERN.test(topicId) ||
			!Number.isSafeInteger(since) ||
			since < 0 ||
			(generation !== 0 && generation !== 1)
		) {
			const answer = service.malformedHttpRead(client, 'malformed topic id, since or generation');
			res.writeHead(400, headers).end(frameMessages([answer]));
			return true;
		}
		const read = service.readOverHttp({ op: OP_READ, topicId, since, generation }, client, address);
		const parts = framedParts(read.messages);
		const length = parts.reduce((sum, part) => sum + part.length, 0);
		res.writeHead(read.ok ? 200 : 429, { ...headers, 'content-length': length });
		for (const part of parts) res.write(part);
		res.end();
		return true;
	};
}
