import { defaultLogger } from '@libp2p/logger';
import type { ComponentLogger, Connection, Libp2p, Logger, PeerId } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import { sleep, timeoutSignal } from './abortable';
import { RELAY_DIAL_TIMEOUT_MS, RELAY_RETRY_MAX_MS, RELAY_RETRY_MIN_MS } from './constants';
import type { NetworkEventSink } from './events';

/** The parts of the libp2p node the keeper uses. */
export type RelayKeeperNode = Pick<
	Libp2p,
	'dial' | 'getConnections' | 'addEventListener' | 'removeEventListener'
>;

export interface RelayKeeperInit {
	node: RelayKeeperNode;
	relays: Multiaddr[];
	onEvent: NetworkEventSink;
	/** A relay connection we had is gone (the peer id of the relay). */
	onLost?: (relay: PeerId) => void;
	/** Fires `online` when the network comes back: the page's global scope by default. */
	online?: Partial<Pick<EventTarget, 'addEventListener' | 'removeEventListener'>>;
	logger?: ComponentLogger;
}

/**
 * Keeps a connection to each configured relay: dials it, and when it goes away (relay restart,
 * network loss) dials again with exponential backoff. The circuit-relay transport then renews
 * our reservation, and with it our `/p2p-circuit/webrtc` address.
 */
export class RelayKeeper {
	readonly #node: RelayKeeperNode;
	readonly #relays: Multiaddr[];
	readonly #onEvent: NetworkEventSink;
	readonly #onLost: (relay: PeerId) => void;
	readonly #online: NonNullable<RelayKeeperInit['online']>;
	readonly #log: Logger;
	readonly #connected = new Map<string, PeerId>();
	/** Aborted by stop(): ends every relay's loop. */
	#controller?: AbortController;
	/** Wakes every retry that is waiting out its backoff (the network just came back). */
	#wake = new AbortController();

	constructor(init: RelayKeeperInit) {
		this.#node = init.node;
		this.#relays = init.relays;
		this.#onEvent = init.onEvent;
		this.#onLost = init.onLost ?? (() => {});
		this.#online = init.online ?? globalThis;
		this.#log = (init.logger ?? defaultLogger()).forComponent('whiteboard:relay-keeper');
	}

	start(): void {
		if (this.#controller != null) return;
		const controller = new AbortController();
		this.#controller = controller;
		for (const relay of this.#relays) {
			this.#keep(relay, controller.signal).catch((err: unknown) => {
				this.#log.error('stopped keeping relay %a - %e', relay, err);
			});
		}
		this.#online.addEventListener?.('online', this.retryNow);
	}

	stop(): void {
		this.#controller?.abort();
		this.#controller = undefined;
		this.#online.removeEventListener?.('online', this.retryNow);
	}

	/** Retries disconnected relays now instead of after their backoff. */
	retryNow = (): void => {
		this.#log('retrying disconnected relays now');
		this.#wake.abort();
		this.#wake = new AbortController();
	};

	/** Relays we are connected to right now. */
	get connectedCount(): number {
		return this.#connected.size;
	}

	/** Every configured relay: its address, and its peer id while connected. */
	status(): Array<{ addr: string; peer: string | null }> {
		return this.#relays.map((relay) => {
			const addr = relay.toString();
			return { addr, peer: this.#connected.get(addr)?.toString() ?? null };
		});
	}

	/** The relays we are connected to right now, in the order they connected. */
	connectedRelays(): PeerId[] {
		return [...this.#connected.values()];
	}

	isRelay(peer: PeerId): boolean {
		return [...this.#connected.values()].some((p) => p.equals(peer));
	}

	async #keep(relay: Multiaddr, signal: AbortSignal): Promise<void> {
		const key = relay.toString();
		let delay = RELAY_RETRY_MIN_MS;
		while (!signal.aborted) {
			this.#onEvent({ kind: 'relay-connecting', detail: key });
			this.#log('dialling relay %a', relay);
			let connection: Connection;
			const timeout = timeoutSignal(RELAY_DIAL_TIMEOUT_MS);
			try {
				connection = await this.#node.dial(relay, {
					signal: AbortSignal.any([signal, timeout.signal])
				});
			} catch (err) {
				if (signal.aborted) return;
				this.#log.error('dial to relay %a failed, next try in %d ms - %e', relay, delay, err);
				this.#onEvent({ kind: 'relay-failed', detail: `${key}: ${(err as Error).message}` });
				await sleep(delay, AbortSignal.any([signal, this.#wake.signal]));
				delay = Math.min(delay * 2, RELAY_RETRY_MAX_MS);
				continue;
			} finally {
				timeout.clear();
			}
			if (signal.aborted) return;
			const peer = connection.remotePeer;
			this.#connected.set(key, peer);
			this.#log('connected to relay %p at %a', peer, relay);
			this.#onEvent({ kind: 'relay-connected', peer: peer.toString(), detail: key });
			delay = RELAY_RETRY_MIN_MS;
			await this.#untilDisconnected(peer, signal);
			this.#connected.delete(key);
			this.#onLost(peer);
			if (signal.aborted) return;
			this.#log('lost relay %p at %a', peer, relay);
			this.#onEvent({ kind: 'relay-lost', detail: key });
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
