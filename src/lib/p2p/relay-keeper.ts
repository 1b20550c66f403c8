import type { Libp2p, PeerId } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import { RELAY_RETRY_MAX_MS, RELAY_RETRY_MIN_MS } from './constants';
import type { NetworkEventSink } from './events';

/**
 * Keeps a connection to each configured relay: dials it, and when it goes away (relay restart,
 * network loss) dials again with exponential backoff. The circuit-relay transport then renews
 * our reservation, and with it our `/p2p-circuit/webrtc` address.
 */
export class RelayKeeper {
	readonly #node: Libp2p;
	readonly #relays: Multiaddr[];
	readonly #onEvent: NetworkEventSink;
	readonly #controller = new AbortController();
	readonly #connected = new Map<string, PeerId>();
	/** Wakes every retry that is waiting out its backoff (the network just came back). */
	#wake = new AbortController();

	constructor(node: Libp2p, relays: Multiaddr[], onEvent: NetworkEventSink) {
		this.#node = node;
		this.#relays = relays;
		this.#onEvent = onEvent;
	}

	start(): void {
		for (const relay of this.#relays) void this.#keep(relay);
		globalThis.addEventListener?.('online', this.retryNow);
	}

	stop(): void {
		this.#controller.abort();
		globalThis.removeEventListener?.('online', this.retryNow);
	}

	/** Retries disconnected relays now instead of after their backoff. */
	retryNow = (): void => {
		this.#wake.abort();
		this.#wake = new AbortController();
	};

	/** Relays we are connected to right now. */
	get connectedCount(): number {
		return this.#connected.size;
	}

	isRelay(peer: PeerId): boolean {
		return [...this.#connected.values()].some((p) => p.equals(peer));
	}

	async #keep(relay: Multiaddr): Promise<void> {
		const signal = this.#controller.signal;
		const key = relay.toString();
		let delay = RELAY_RETRY_MIN_MS;
		while (!signal.aborted) {
			this.#onEvent({ kind: 'relay-connecting', detail: key });
			try {
				const connection = await this.#node.dial(relay, {
					signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)])
				});
				this.#connected.set(key, connection.remotePeer);
				this.#onEvent({
					kind: 'relay-connected',
					peer: connection.remotePeer.toString(),
					detail: key
				});
				delay = RELAY_RETRY_MIN_MS;
				await this.#untilDisconnected(connection.remotePeer, signal);
				this.#connected.delete(key);
				if (!signal.aborted) this.#onEvent({ kind: 'relay-lost', detail: key });
			} catch (err) {
				if (signal.aborted) return;
				this.#onEvent({ kind: 'relay-failed', detail: `${key}: ${(err as Error).message}` });
				await sleep(delay, AbortSignal.any([signal, this.#wake.signal]));
				delay = Math.min(delay * 2, RELAY_RETRY_MAX_MS);
			}
		}
	}

	#untilDisconnected(peer: PeerId, signal: AbortSignal): Promise<void> {
		return new Promise((resolve) => {
			const done = (): void => {
				this.#node.removeEventListener('peer:disconnect', onDisconnect);
				signal.removeEventListener('abort', done);
				resolve();
			};
			const onDisconnect = (event: CustomEvent<PeerId>): void => {
				if (event.detail.equals(peer)) done();
			};
			if (this.#node.getConnections(peer).length === 0) return resolve();
			this.#node.addEventListener('peer:disconnect', onDisconnect);
			signal.addEventListener('abort', done);
		});
	}
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener(
			'abort',
			() => {
				clearTimeout(timer);
				resolve();
			},
			{ once: true }
		);
	});
}
