import * as Y from 'yjs';
import type { NetworkConfig } from '../p2p/config.ts';
import { RoomDialer } from '../p2p/dialer.ts';
import { RoomDiscovery } from '../p2p/discovery.ts';
import type { NetworkEvent } from '../p2p/events.ts';
import { createBrowserNode, type BrowserNode } from '../p2p/node.ts';
import { RelayKeeper } from '../p2p/relay-keeper.ts';
import { discoveryTopic, roomTopic } from '../p2p/topics.ts';
import { RoomSync, type RoomSyncEvent } from '../sync/room-sync.ts';

const MAX_LOG_ENTRIES = 200;

/**
 * One open room: its document and the network that keeps it in sync. Nothing connects until
 * `start()`; `stop()` leaves nothing running, so a room can be opened, closed and opened again.
 */
export class RoomSession extends EventTarget {
	readonly roomId: string;
	readonly doc = new Y.Doc();
	readonly log: NetworkEvent[] = [];
	readonly #config: NetworkConfig;
	#node?: BrowserNode;
	#sync?: RoomSync;
	#discovery?: RoomDiscovery;
	#dialer?: RoomDialer;
	#relays?: RelayKeeper;

	constructor(roomId: string, config: NetworkConfig) {
		super();
		this.roomId = roomId;
		this.#config = config;
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

	get topic(): string {
		return roomTopic(this.roomId);
	}

	async start(): Promise<void> {
		const discovery = new RoomDiscovery(discoveryTopic(this.roomId));
		const node = await createBrowserNode(this.#config, discovery);
		this.#node = node;
		this.#discovery = discovery;
		this.#sync = new RoomSync(node, this.doc, this.topic, this.#onSyncEvent);
		await this.#sync.start();
		discovery.attach(node);
		this.#dialer = new RoomDialer(node, this.#record);
		this.#relays = new RelayKeeper(node, this.#config.relays, this.#record);
		this.#relays.start();
		this.dispatchEvent(new Event('change'));
	}

	async stop(): Promise<void> {
		this.#relays?.stop();
		this.#dialer?.stop();
		this.#discovery?.detach();
		await this.#sync?.stop();
		await this.#node?.stop();
		this.doc.destroy();
	}

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
