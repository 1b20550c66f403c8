import { defaultLogger } from '@libp2p/logger';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { checkBoardUpdate } from '$lib/board/update-check';
import { RoomKey } from '$lib/crypto/room-key';
import type { NetworkConfig } from '$lib/p2p/config';
import type { RoomDialer } from '$lib/p2p/dialer';
import type { NetworkEvent } from '$lib/p2p/events';
import type { BrowserNode, createBrowserNode } from '$lib/p2p/node';
import type { RelayKeeper } from '$lib/p2p/relay-keeper';
import { roomTopic } from '$lib/p2p/topics';
import { mayHaveRoomStore, openRoomStore, type RoomStore } from '$lib/persistence/room-store';
import { RelayCopy, type CompactionPolicy, type CopyState } from '$lib/store/relay-copy';
import { isRemoteOrigin } from '$lib/sync/remote-origins';
import { UpdateFeed } from '$lib/sync/update-feed';
import { NetworkLog } from './network-log';
import { afterNextFrame } from './next-frame';
import { takeRoomPrefetch } from './room-prefetch';
import type { RoomNetwork } from './room-network';
import type { RoomSyncView } from './room-sync-view';

/** How long the node waits for the copy read as the page loaded to be applied (start()). */
export const EARLY_COPY_WAIT_MS = 1_000;

/** Resolves when `work` settles or `ms` have passed, whichever is first. */
function settled(work: Promise<void>, ms: number): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
	return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Where the local copy lives: IndexedDB in the app, something else in tests. */
export type RoomStoreOpener = (roomId: string, doc: Y.Doc) => Promise<RoomStore>;

export interface RoomSessionOptions {
	/** Builds the libp2p node (tests build Node.js nodes on TCP). */
	createNode?: typeof createBrowserNode;
	openStore?: RoomStoreOpener;
	/** False if this browser surely has no local copy of the room (a first visit). */
	mayHaveStore?: (roomId: string) => Promise<boolean>;
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
	readonly #createNode: typeof createBrowserNode | undefined;
	readonly #openStore: RoomStoreOpener;
	readonly #mayHaveStore: (roomId: string) => Promise<boolean>;
	readonly #compaction: CompactionPolicy | undefined;
	#topic?: string;
	#network?: RoomNetwork;
	#copy?: RelayCopy;
	#store?: RoomStore;
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
		this.#createNode = options.createNode;
		this.#openStore =
			options.openStore ?? ((id, doc) => openRoomStore(id, doc, { batched: isRemoteOrigin }));
		this.#mayHaveStore = options.mayHaveStore ?? mayHaveRoomStore;
		this.#compaction = options.compaction;
		// Nobody is announced until the UI sets a name (Awareness starts with an empty state).
		this.awareness.setLocalState(null);
	}

	/** The last network events, newest last (Diagnostics). */
	get log(): readonly NetworkEvent[] {
		return this.#log.entries;
	}

	get node(): BrowserNode | undefined {
		return this.#network?.node;
	}

	/** The room's sync counts and topic peers; undefined until the session is online. */
	get sync(): RoomSyncView | undefined {
		return this.#network?.services?.view;
	}

	/** Upgrades room peers to direct links; undefined until the session is online. */
	get dialer(): RoomDialer | undefined {
		return this.#network?.dialer;
	}

	get relays(): RelayKeeper | undefined {
		return this.#network?.relays;
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
	 * Loads the local copy and applies the relay's copy read over HTTP (so the board shows at once,
	 * online or not), then loads the network code and starts its libp2p node (room-network.ts).
	 * Resolves once connecting has begun; it continues in the background.
	 */
	async start(): Promise<void> {
		// Started as the app booted, if this page was opened on this room (room-prefetch.ts).
		const prefetch = takeRoomPrefetch(this.#key);
		const firstVisit =
			prefetch == null
				? Promise.resolve(false)
				: this.#mayHaveStore(this.roomId).then((may) => !may);
		const key = await (prefetch?.key ?? RoomKey.fromFragment(this.#key));
		performance.mark('whiteboard:keys');
		this.#topic = roomTopic(key.topicId);
		if (this.#stopped) return;
		// Set once the copy exists, below; read when firstVisit settles, which is later.
		let early: Promise<void> = Promise.resolve();
		const local = this.#loadLocalCopy(firstVisit.then((first) => (first ? early : undefined)));
		let nodeStarted: (node: BrowserNode) => void = () => {};
		const node = new Promise<BrowserNode>((resolve) => (nodeStarted = resolve));
		// Applies the copy read over HTTP now; asks the relay for what is newer once connected.
		const copy = new RelayCopy({
			node: { dialProtocol: async (...args) => (await node).dialProtocol(...args) },
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
		early = settled(copy.early, EARLY_COPY_WAIT_MS);
		// The copy read over HTTP is applied and painted before the network code loads and runs, if
		// it comes soon: evaluating that code (most of the app's JavaScript) and starting the node
		// take the main thread for ~0.2 s, applying a board of 10,000 strokes ~0.5 s, and the board
		// comes first.
		await early;
		if (prefetch != null) await afterNextFrame();
		const { RoomNetwork } = await import('./room-network');
		// Closed meanwhile: stop() has stopped the copy.
		if (this.#stopped) return;
		// Assigned before it starts: a stop() from now on stops it.
		this.#network = new RoomNetwork({
			config: this.#config,
			key,
			doc: this.doc,
			awareness: this.awareness,
			updates: this.#updates,
			log: this.#log,
			copy,
			localCopy: local,
			createNode: this.#createNode,
			onNode: nodeStarted,
			onChange: () => this.dispatchEvent(new Event('change'))
		});
		await this.#network.start();
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		this.#copy?.stop();
		await this.#network?.stop();
		this.#updates.stop();
		await this.#store?.destroy();
		this.doc.destroy();
	}

	/**
	 * Opens the local store once `after` settles. On a first visit that is once the relay's copy is
	 * applied: until the store and the update feed listen, the doc has no 'update' listener, so Yjs
	 * does not encode the board read as one more update (a 10,000-stroke board ~0.1 s before its
	 * first paint). y-indexeddb writes the whole doc as it opens, and the copy's load uploads every
	 * local change made meanwhile (relay-copy.ts), so nothing goes unheard.
	 */
	async #loadLocalCopy(after: Promise<unknown>): Promise<void> {
		await after;
		if (this.#stopped) return;
		// Before the local store adds its own update listener.
		this.#updates.start();
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
}
