// Peering with other relays (`--peer`): keeps a connection to each, dialling again with
// exponential backoff (1 s to 60 s) whenever it is down, and logs a warning on every failed
// attempt. Over these connections the relays are gossipsub direct peers (node.ts): every message
// on a topic both mirror is forwarded to the other, so browsers on different relays hear each
// other's discovery records and room messages. Peered relays are trusted by configuration: their
// subscriptions do not count against topic limits and their forwarding is not rate-limited
// (they forward for many browsers); sizes are still checked. Configure `--peer` on both sides.
import type { Libp2p, PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';

export const MIN_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 60_000;
/** Keeps a peered relay's connection out of any pruning. */
const FEDERATION_TAG = 'whiteboard-federation';

export type FederationEvent =
	| { type: 'connected'; peer: string; addr: string }
	| { type: 'unreachable'; peer: string; addr: string; error: string; retryInMs: number }
	| { type: 'lost'; peer: string };

export interface FederationPeer {
	id: PeerId;
	addr: Multiaddr;
}

type FederationNode = Pick<
	Libp2p,
	'dial' | 'getConnections' | 'addEventListener' | 'removeEventListener' | 'peerStore'
>;

/** The peer id each `--peer` address names (the option schema checked that it has one). */
export function federationPeers(addrs: string[]): FederationPeer[] {
	return addrs.map((text) => {
		const addr = multiaddr(text);
		const id = addr.getComponents().findLast((c) => c.name === 'p2p')?.value;
		if (id == null) throw new Error(`${addr.toString()} does not name a peer (/p2p/<id>)`);
		return { id: peerIdFromString(id), addr };
	});
}

export class Federation {
	readonly #node: FederationNode;
	readonly #peers: FederationPeer[];
	readonly #ids: Set<string>;
	readonly #onEvent: (event: FederationEvent) => void;
	/** Per peer: aborted when that relay connects to us, to end a backoff wait at once. */
	readonly #wake = new Map<string, AbortController>();
	#controller?: AbortController;

	constructor(
		node: FederationNode,
		peers: FederationPeer[],
		onEvent: (event: FederationEvent) => void = () => {}
	) {
		this.#node = node;
		this.#peers = peers;
		this.#ids = new Set(peers.map((p) => p.id.toString()));
		this.#onEvent = onEvent;
	}

	/** Whether `peer` is one of the configured relays. */
	isPeer = (peer: PeerId): boolean => this.#ids.has(peer.toString());

	/** Each configured relay and whether it is connected now. */
	status(): Array<{ peer: string; connected: boolean }> {
		return this.#peers.map(({ id }) => ({
			peer: id.toString(),
			connected: this.#node.getConnections(id).length > 0
		}));
	}

	start(): void {
		if (this.#controller != null) return;
		this.#controller = new AbortController();
		this.#node.addEventListener('peer:connect', this.#onConnect);
		for (const peer of this.#peers) void this.#keep(peer, this.#controller.signal);
	}

	stop(): void {
		this.#node.removeEventListener('peer:connect', this.#onConnect);
		this.#controller?.abort();
		this.#controller = undefined;
	}

	#onConnect = (evt: CustomEvent<PeerId>): void => {
		this.#wake.get(evt.detail.toString())?.abort();
	};

	async #keep(peer: FederationPeer, signal: AbortSignal): Promise<void> {
		const id = peer.id.toString();
		let backoff = MIN_BACKOFF_MS;
		while (!signal.aborted) {
			try {
				// The other relay may have dialled us first: then its connection is the link.
				if (this.#node.getConnections(peer.id).length === 0) {
					await this.#node.dial(peer.addr, {
						signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)])
					});
				}
				await this.#node.peerStore
					.merge(peer.id, { tags: { [FEDERATION_TAG]: { value: 100 } } })
					.catch(() => {});
				this.#onEvent({ type: 'connected', peer: id, addr: peer.addr.toString() });
				backoff = MIN_BACKOFF_MS;
				await this.#disconnected(peer.id, signal);
				if (!signal.aborted) this.#onEvent({ type: 'lost', peer: id });
			} catch (err) {
				if (signal.aborted) return;
				const error = err instanceof Error ? err.message : String(err);
				this.#onEvent({
					type: 'unreachable',
					peer: id,
					addr: peer.addr.toString(),
					error,
					retryInMs: backoff
				});
				const wake = new AbortController();
				this.#wake.set(id, wake);
				await sleep(backoff, AbortSignal.any([signal, wake.signal]));
				this.#wake.delete(id);
				backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
			}
		}
	}

	/** Resolves when the last connection to `peer` closes (or on abort). */
	#disconnected(peer: PeerId, signal: AbortSignal): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				this.#node.removeEventListener('peer:disconnect', onDisconnect);
				signal.removeEventListener('abort', done);
				resolve();
			};
			const onDisconnect = (evt: CustomEvent<PeerId>) => {
				if (evt.detail.equals(peer)) done();
			};
			this.#node.addEventListener('peer:disconnect', onDisconnect);
			signal.addEventListener('abort', done, { once: true });
			if (this.#node.getConnections(peer).length === 0) done();
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
