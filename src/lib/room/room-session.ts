import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RoomKey } from '$lib/crypto/room-key';
import type { NetworkConfig } from '$lib/p2p/config';
import { RoomDialer } from '$lib/p2p/dialer';
import { RoomDiscovery } from '$lib/p2p/discovery';
import type { NetworkEvent } from '$lib/p2p/events';
import { generatePeerKey } from '$lib/p2p/peer-key';
import { createBrowserNode, type BrowserNode } from '$lib/p2p/node';
import { RelayKeeper } from '$lib/p2p/relay-keeper';
import { discoveryTopic, roomTopic } from '$lib/p2p/topics';
import { checkBoardUpdate } from '$lib/board/update-check';
import { openRoomStore } from '$lib/persistence/room-store';
import { AwarenessSync } from '$lib/sync/awareness-sync';
import { EncryptedRoomChannel } from '$lib/sync/room-channel';
import { RoomSync, type RoomSyncEvent } from '$lib/sync/room-sync';

const MAX_LOG_ENTRIES = 200;

/**
 * One open room: its document and the network that keeps it in sync. Nothing connects until
 * `start()`; `stop()` leaves nothing running, so a room can be opened, closed and opened again.
 */
export class RoomSession extends EventTarget {
	readonly roomId: string;
	readonly doc = new Y.Doc();
	/** Presence (names, cursors): same clientID as the doc, never stored in it. */
	readonly awareness = new Awareness(this.doc);
	readonly log: NetworkEvent[] = [];
	readonly #config: NetworkConfig;
	readonly #key: string;
	#topic?: string;
	#node?: BrowserNode;
	#sync?: RoomSync;
	#presence?: AwarenessSync;
	#discovery?: RoomDiscovery;
	#dialer?: RoomDialer;
	#relays?: RelayKeeper;
	#store?: Awaited<ReturnType<typeof openRoomStore>>;
	#stopped = false;

	/** `key`: the room key from the link's fragment; the topics and ciphers derive from it. */
	constructor(roomId: string, key: string, config: NetworkConfig) {
		super();
		this.roomId = roomId;
		this.#key = key;
		this.#config = config;
		// Nobody is announced until the UI sets a name (Awareness starts with an empty state).
		this.awareness.setLocalState(null);
	}

	get node(): BrowserNode | undefined {
		return this.#node;
	}

	get sync(): RoomSync | undefined {
		return this.#sync;
	}

	get relays(): RelayKeeper | undefined {
		return this.#relays;
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
		const [key, peerKey] = await Promise.all([RoomKey.fromFragment(this.#key), generatePeerKey()]);
		this.#topic = roomTopic(key.topicId);
		const discovery = new RoomDiscovery({ topic: discoveryTopic(key.topicId) });
		const local = this.#loadLocalCopy();
		const node = await createBrowserNode(this.#config, discovery, peerKey);
		if (this.#stopped) {
			// Closed while starting: don't leave the node running.
			await node.stop();
			return;
		}
		this.#node = node;
		this.#discovery = discovery;
		this.#relays = new RelayKeeper({ node, relays: this.#config.relays, onEvent: this.#record });
		this.#relays.start();
		await local;
		// Closed meanwhile: stop() has stopped the node and the relays.
		if (this.#stopped) return;
		const channel = new EncryptedRoomChannel(node.services.pubsub, this.topic, key.gossip);
		this.#sync = new RoomSync(
			node,
			this.doc,
			channel,
			key.sync,
			this.#onSyncEvent,
			checkBoardUpdate
		);
		await this.#sync.start();
		const sync = this.#sync;
		this.#presence = new AwarenessSync(node, this.awareness, channel, {
			onRejected: (peer, reason) => sync.reportRejected(peer, reason)
		});
		this.#presence.start();
		this.#dialer = new RoomDialer({ node, discovery, onEvent: this.#record });
		this.#dialer.start();
		discovery.start();
		globalThis.addEventListener?.('online', this.#onOnline);
		this.dispatchEvent(new Event('change'));
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		globalThis.removeEventListener?.('online', this.#onOnline);
		this.#relays?.stop();
		this.#dialer?.stop();
		this.#discovery?.stop();
		await this.#presence?.stop();
		await this.#sync?.stop();
		await this.#node?.stop();
		await this.#store?.destroy();
		this.doc.destroy();
	}

	async #loadLocalCopy(): Promise<void> {
		try {
			const store = await openRoomStore(this.roomId, this.doc);
			if (this.#stopped) {
				// Closed while it opened: stop() could not see it.
				await store.destroy();
				return;
			}
			this.#store = store;
		} catch (err) {
			this.#record({ kind: 'storage-failed', detail: (err as Error).message });
		}
		this.dispatchEvent(new Event('loaded'));
	}

	/** Back online: whatever was drawn meanwhile may not have reached peers we stayed connected to. */
	#onOnline = (): void => {
		void this.#sync?.resyncAll();
	};

	#record = (event: Omit<NetworkEvent, 'at'>): void => {
		this.log.push({ at: Date.now(), ...event });
		if (this.log.length > MAX_LOG_ENTRIES) this.log.splice(0, this.log.length - MAX_LOG_ENTRIES);
		this.dispatchEvent(new Event('change'));
	};

	#onSyncEvent = (event: RoomSyncEvent): void => {
		switch (event.type) {
			case 'exchange':
				this.#record({
					kind: 'synced',
					peer: event.peer,
					detail: `sent ${event.sentBytes} B, received ${event.receivedBytes} B in ${Math.round(event.ms)} ms`
				});
				break;
			case 'exchange-failed':
				this.#record({ kind: 'sync-failed', peer: event.peer, detail: event.error });
				break;
			case 'rejected':
				this.#record({ kind: 'rejected', peer: event.peer, detail: event.reason });
				break;
			case 'publish-failed':
				break;
		}
	};
}
