/**
 * The libp2p side of an open room: the node, its relays, the services that keep the room in sync
 * (room-services.ts), discovery and direct dials. RoomSession loads this module with a dynamic
 * import, so the board can be painted from its local copy or from the relay's copy read over HTTP
 * while the network code (most of the app's JavaScript) still loads and starts.
 */
import { peerIdFromString } from '@libp2p/peer-id';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { RoomKey } from '$lib/crypto/room-key';
import type { NetworkConfig } from '$lib/p2p/config';
import { RoomDialer } from '$lib/p2p/dialer';
import { RoomDiscovery } from '$lib/p2p/discovery';
import { createBrowserNode, type BrowserNode } from '$lib/p2p/node';
import { generatePeerKey } from '$lib/p2p/peer-key';
import { RelayKeeper } from '$lib/p2p/relay-keeper';
import { RelayNoticeListener } from '$lib/p2p/relay-notices';
import { discoveryTopic } from '$lib/p2p/topics';
import type { RelayCopy } from '$lib/store/relay-copy';
import type { UpdateFeed } from '$lib/sync/update-feed';
import type { NetworkLog } from './network-log';
import { RoomServices } from './room-services';

export interface RoomNetworkOptions {
	config: NetworkConfig;
	key: RoomKey;
	doc: Y.Doc;
	awareness: Awareness;
	updates: UpdateFeed;
	log: NetworkLog;
	/** Attached to each relay connection as it opens. */
	copy: RelayCopy;
	/** Resolves once the local copy is loaded: the room's own traffic waits for it. */
	localCopy: Promise<void>;
	/** Builds the libp2p node (tests build Node.js nodes on TCP). */
	createNode?: typeof createBrowserNode;
	/** The node exists (the relay copy dials its store streams on it). */
	onNode: (node: BrowserNode) => void;
	onChange: () => void;
}

export class RoomNetwork {
	readonly #options: RoomNetworkOptions;
	#node?: BrowserNode;
	#services?: RoomServices;
	#discovery?: RoomDiscovery;
	#dialer?: RoomDialer;
	#relays?: RelayKeeper;
	#stopped = false;

	constructor(options: RoomNetworkOptions) {
		this.#options = options;
	}

	get node(): BrowserNode | undefined {
		return this.#node;
	}

	get services(): RoomServices | undefined {
		return this.#services;
	}

	get dialer(): RoomDialer | undefined {
		return this.#dialer;
	}

	get relays(): RelayKeeper | undefined {
		return this.#relays;
	}

	/**
	 * The relay is dialled as soon as the node exists: that connection carries nothing of the room.
	 * Everything that does (the room topic, the sync protocol, announcements and direct dials) waits
	 * for the local copy, so that peers exchange the whole document from the first connection.
	 */
	async start(): Promise<void> {
		const { config, key, copy, log } = this.#options;
		const discovery = new RoomDiscovery({ topic: discoveryTopic(key.topicId) });
		const createNode = this.#options.createNode ?? createBrowserNode;
		const node = await createNode(config, discovery, await generatePeerKey());
		performance.mark('whiteboard:node-started');
		if (this.#stopped) {
			// Stopped while starting: don't leave the node running.
			await node.stop();
			return;
		}
		this.#node = node;
		this.#discovery = discovery;
		this.#options.onNode(node);
		// What the relay refuses us (e.g. the room's topics when it is full) shows in Diagnostics.
		void new RelayNoticeListener(node, log.record).start();
		this.#relays = new RelayKeeper({
			node,
			relays: config.relays,
			onEvent: (event) => {
				if (event.kind === 'relay-connected' && event.peer != null) {
					copy.attach(peerIdFromString(event.peer));
				}
				log.record(event);
			},
			onLost: (peer) => {
				// Keep the copy on another relay we are still connected to: what is drawn now goes there.
				copy.detach(peer);
				const [other] = this.#relays?.connectedRelays() ?? [];
				if (other != null) copy.attach(other);
			}
		});
		this.#relays.start();
		await this.#options.localCopy;
		performance.mark('whiteboard:local-copy');
		// Stopped meanwhile: stop() has stopped the node and the relays.
		if (this.#stopped) return;
		// Assigned before it starts: a stop() from now on stops every one of them.
		const { doc, awareness, updates } = this.#options;
		this.#services = new RoomServices({
			node,
			key,
			discovery,
			doc,
			awareness,
			updates,
			onRejected: log.rejected,
			onSyncEvent: log.syncEvent
		});
		await this.#services.start();
		if (this.#stopped) return;
		this.#dialer = new RoomDialer({ node, discovery, onEvent: log.record });
		this.#dialer.start();
		discovery.start();
		globalThis.addEventListener?.('online', this.#onOnline);
		this.#options.onChange();
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		globalThis.removeEventListener?.('online', this.#onOnline);
		this.#relays?.stop();
		this.#dialer?.stop();
		this.#discovery?.stop();
		await this.#services?.stop();
		await this.#node?.stop();
	}

	/** Back online: whatever was drawn meanwhile may not have reached peers we stayed connected to. */
	#onOnline = (): void => {
		void this.#services?.stream.resyncAll();
	};
}
