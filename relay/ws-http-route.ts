// Lets the relay's WebSocket port answer plain HTTP requests too (store-http.ts), so operators
// expose one port and browsers derive the URL from the relay's multiaddr. @libp2p/websockets
// answers every request that is not a WebSocket upgrade with 400 and has no option for a handler
// (go-libp2p has one: websocket.WithHTTPHandler). Its listener keeps that HTTP server in a private
// field, `http`; this module puts our handler in front of the listener's own. If a future version
// drops the field, the relay says so once and serves libp2p as before (browsers then read the
// copy over libp2p); tests/unit/store-http.test.ts fails first.
import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Listener, Transport } from '@libp2p/interface';
import type { HttpHandler } from './store-http.ts';

export class WsHttpRoute {
	#handler: HttpHandler | null = null;
	readonly #onUnavailable: (reason: string) => void;

	constructor(onUnavailable: (reason: string) => void) {
		this.#onUnavailable = onUnavailable;
	}

	/** Wraps a WebSocket transport factory: each listener it creates routes HTTP through here. */
	wrap<Components>(
		factory: (components: Components) => Transport
	): (components: Components) => Transport {
		return (components) => {
			const transport = factory(components);
			const createListener = transport.createListener.bind(transport);
			transport.createListener = (options) => {
				const listener = createListener(options);
				listener.addEventListener('listening', () => this.#takeOver(listener));
				return listener;
			};
			return transport;
		};
	}

	/** Requests the handler answers (returns true for) never reach the listener's own. */
	use(handler: HttpHandler | null): void {
		this.#handler = handler;
	}

	#takeOver(listener: Listener): void {
		const server = (listener as unknown as { http?: unknown }).http;
		if (!(server instanceof Server)) {
			this.#onUnavailable('the WebSocket listener has no HTTP server this relay can extend');
			return;
		}
		if (this.#routed.has(server)) return;
		this.#routed.add(server);
		// Each listener's own answer stays with its own server.
		const own = server.listeners('request') as Array<
			(req: IncomingMessage, res: ServerResponse) => void
		>;
		server.removeAllListeners('request');
		server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			if (this.#handler?.(req, res) === true) return;
			for (const answer of own) answer.call(server, req, res);
		});
	}

	readonly #routed = new WeakSet<Server>();
}
