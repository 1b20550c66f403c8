import { defaultLogger } from '@libp2p/logger';
import { peerIdFromString } from '@libp2p/peer-id';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RoomKey } from '$lib/crypto/room-key';
import type { NetworkConfig } from '$lib/p2p/config';
import { RoomDialer } from '$lib/p2p/dialer';
import { RoomDiscovery } from '$lib/p2p/discovery';
import type { NetworkEvent } from '$lib/p2p/events';
import { NetworkLog } from './network-log';
import { generatePeerKey } from '$lib/p2p/peer-key';
import { createBrowserNode, type BrowserNode } from '$lib/p2p/node';
import { RelayKeeper } from '$lib/p2p/relay-keeper';
import { RelayNoticeListener } from '$lib/p2p/relay-notices';
import { discoveryTopic, roomTopic } from '$lib/p2p/topics';
import { checkBoardUpdate } from '$lib/board/update-check';
import { openRoomStore } from '$lib/persistence/room-store';
import { UpdateFeed } from '$lib/sync/update-feed';
import { takeRoomPrefetch } from '$lib/store/copy-prefetch';
import { RelayCopy, type CompactionPolicy, type CopyState } from '$lib/store/relay-copy';
import { RoomServices } from './room-services';
import type { RoomSyncView } from './room-sync-view';

/** Where the local copy lives: IndexedDB in the app, something else in tests. */
export type RoomStoreOpener = (roomId: string, doc: Y.Doc) => Promise<{ destroy(): Promise<void> }>;

export interface RoomSessionOptions {
	/** Builds the libp2p node (tests build Node.js nodes on TCP). */
	createNode?: typeof createBrowserNode;
	openStore?: RoomStoreOpener;
	/** When the relay's copy is compacted (tests use small numbers). */
	compaction?: CompactionPolicy;
}

/**
 * One open room: its document and the network that keeps it in sync. Nothing connects until
 * `start()`; `stop()` leaves nothing running, so a room can be opened, closed and opened again.
 */
export class RoomSession extends EventTarget {
	readonly roomId: string;
	readonly doc = new Y.Doc();
	/** Presence (names, cursors): same clientID as the doc, never stored in it. */
	readonly awareness = new Awareness(this.doc);
	readonly #log = new NetworkLog(() => this.dispatchEvent(new Event('change')));
	/** Local updates, heard before the store writes them (update-feed.ts). */
	readonly #updates = new UpdateFeed(this.doc);
	readonly #config: NetworkConfig;
	readonly #key: string;
	readonly #createNode: typeof createBrowserNode;
	readonly #openStore: RoomStoreOpener;
	readonly #compaction: CompactionPolicy | undefined;
	#topic?: string;
	#node?: BrowserNode;
	#services?: RoomServices;
	#discovery?: RoomDiscovery;
	#dialer?: RoomDialer;
	#relays?: RelayKeeper;
	#copy?: RelayCopy;
	#store?: { destroy(): Promise<void> };
	#stopped = false;

	/** `key`: the room key from the link's fragment; the topics and ciphers derive from it. */
	constructor(
		roomId: string,
		key: string,
		config: NetworkConfig,
		options: RoomSessionOptions = {}
	) {
		super();
		this.roomId = roomId;
		this.#key = key;
		this.#config = config;
		this.#createNode = options.createNode ?? createBrowserNode;
		this.#openStore = options.openStore ?? openRoomStore;
		this.#compaction = options.compaction;
		// Nobody is announced until the UI sets a name (Awareness starts with an empty state).
		this.awareness.setLocalState(null);
	}

	/** The last network events, newest last (Diagnostics). */
	get log(): readonly NetworkEvent[] {
		return this.#log.entries;
	}

	get node(): BrowserNode | undefined {
		return this.#node;
	}

	/** The room's sync counts and topic peers; undefined until the session is online. */
	get sync(): RoomSyncView | undefined {
		return this.#services?.view;
	}

	/** Upgrades room peers to direct links; undefined until the session is online. */
	get dialer(): RoomDialer | undefined {
		return this.#dialer;
	}

	get relays(): RelayKeeper | undefined {
		return this.#relays;
	}

	/** The relay's copy of the board; undefined until the session is online. */
	get copy(): CopyState | undefined {
		return this.#copy?.state;
	}

	/**
	 * Resolves with the relay copy's status once it has sent every local change and has nothing
	 * queued (benchmarks). Waits for the copy to start and load first.
	 */
	async copySettled(): Promise<string | undefined> {
		for (;;) {
			const copy = this.#copy;
			if (copy != null && copy.state.status !== 'connecting' && copy.state.status !== 'loading') {
				await copy.flushNow();
				if (copy.state.status !== 'saving') return copy.state.status;
			}
			await new Promise((resolve) => this.addEventListener('change', resolve, { once: true }));
		}
	}

	/** The room's gossip topic, known once start() has derived it from the key. */
	get topic(): string {
		return this.#topic ?? '';
	}

	/** False when this browser cannot keep a local copy (IndexedDB unavailable or refused). */
	get persisted(): boolean {
		return this.#store != null;
	}

	/**
	 * Loads the local copy (so the board shows at once, online or not) while the libp2p node is
	 * created, then goes online. Resolves once connecting has begun; it continues in the background.
	 *
	 * The relay is dialled as soon as the node exists: that connection carries nothing of the room.
	 * Everything that does (the room topic, the sync protocol, announcements and direct dials) waits
	 * for the local copy, so that peers exchange the whole document from the first connection.
	 */
	async start(): Promise<void> {
		// Before the local store adds its own update listener.
		this.#updates.start();
		// Started as the app booted, if this page was opened on this room (copy-prefetch.ts).
		const prefetch = takeRoomPrefetch(this.#key);
		const [key, peerKey] = await Promise.all([
			prefetch?.key ?? RoomKey.fromFragment(this.#key),
			generatePeerKey()
		]);
		performance.mark('whiteboard:keys');
		this.#topic = roomTopic(key.topicId);
		if (this.#stopped) return;
		const discovery = new RoomDiscovery({ topic: discoveryTopic(key.topicId) });
		const local = this.#loadLocalCopy();
		const starting = this.#createNode(this.#config, discovery, peerKey);
		// Applies the copy read over HTTP while the node starts; asks the relay for what is newer
		// as soon as the connection opens.
		const copy = new RelayCopy({
			node: { dialProtocol: async (...args) => (await starting).dialProtocol(...args) },
			doc: this.doc,
			updates: this.#updates,
			topicId: key.topicId,
			cipher: key.store,
			signer: key.signer,
			checkUpdate: checkBoardUpdate,
			localCopy: local,
			logger: defaultLogger(),
			prefetched: prefetch?.copy,
			compaction: this.#compaction,
			onChange: () => this.dispatchEvent(new Event('change'))
		});
		this.#copy = copy;
		const node = await starting;
		performance.mark('whiteboard:node-started');
		if (this.#stopped) {
			// Closed while starting: don't leave the node running.
			await node.stop();
			return;
		}
		this.#node = node;
		this.#discovery = discovery;
		// What the relay refuses us (e.g. the room's topics when it is full) shows in Diagnostics.
		void new RelayNoticeListener(node, this.#log.record).start();
		this.#relays = new RelayKeeper({
			node,
			relays: this.#config.relays,
			onEvent: (event) => {
				if (event.kind === 'relay-connected' && event.peer != null) {
					copy.attach(peerIdFromString(event.peer));
				}
				this.#log.record(event);
			},
			onLost: (peer) => {
				// Keep the copy on another relay we are still connected to: what is drawn now goes there.
				copy.detach(peer);
				const [other] = this.#relays?.connectedRelays() ?? [];
				if (other != null) copy.attach(other);
			}
		});
		this.#relays.start();
		await local;
		performance.mark('whiteboard:local-copy');
		// Closed meanwhile: stop() has stopped the node and the relays.
		if (this.#stopped) return;
		// Assigned before it starts: a stop() from now on stops every one of them.
		this.#services = new RoomServices({
			node,
			key,
			discovery,
			doc: this.doc,
			awareness: this.awareness,
			updates: this.#updates,
			onRejected: this.#log.rejected,
			onSyncEvent: this.#log.syncEvent
		});
		await this.#services.start();
		// Closed meanwhile: stop() has stopped the room services too.
		if (this.#stopped) return;
		this.#dialer = new RoomDialer({ node, discovery, onEvent: this.#log.record });
		this.#dialer.start();
		discovery.start();
		globalThis.addEventListener?.('online', this.#onOnline);
		this.dispatchEvent(new Event('change'));
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		globalThis.removeEventListener?.('online', this.#onOnline);
		this.#relays?.stop();
		this.#copy?.stop();
		this.#dialer?.stop();
		this.#discovery?.stop();
		await this.#services?.stop();
		this.#updates.stop();
		await this.#node?.stop();
		await this.#store?.destroy();
		this.doc.destroy();
	}

	async #loadLocalCopy(): Promise<void> {
		try {
			const store = await this.#openStore(this.roomId, this.doc);
			if (this.#stopped) {
				// Closed while it opened: stop() could not see it.
				await store.destroy();
				return;
			}
			this.#store = store;
		} catch (err) {
			this.#log.record({ kind: 'storage-failed', detail: (err as Error).message });
		}
		this.dispatchEvent(new Event('loaded'));
	}

	/** Back online: whatever was drawn meanwhile may not have reached peers we stayed connected to. */
	#onOnline = (): void => {
		void this.#services?.stream.resyncAll();
	};
}
