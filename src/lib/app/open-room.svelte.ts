/**
 * The composition root of an open board: the room session (document + network), the board model,
 * presence (and the other peers' drafts), the recent-boards entry and, with `?probe`, the
 * benchmark probe. `start()` opens them
 * together and `close()` closes them together; what the header shows (connection status, the
 * board's name, whether the local copy has loaded) is exposed as runes read straight from the
 * sources. Components only lay it out.
 */
import { createSubscriber } from 'svelte/reactivity';
import { Board } from '$lib/board/board';
import type { BoardElement } from '$lib/board/elements';
import { Diagnostics } from '$lib/diagnostics/diagnostics.svelte.ts';
import type { NetworkConfig } from '$lib/p2p/config';
import type { RecentBoards } from '$lib/persistence/recent-boards';
import type { IdentityStore } from '$lib/presence/identity';
import { Presence } from '$lib/presence/presence.svelte.ts';
import { RemoteDrafts } from '$lib/presence/remote-drafts';
import { RemoteLasers } from '$lib/presence/remote-lasers';
import { RoomSession, type RoomSessionOptions } from '$lib/room/room-session';
import { ROOM_STATUS_EVENTS, roomStatus, type RoomStatus } from '$lib/room/room-status';
import { holdStartup } from '$lib/startup';
import { copyStatusText, type CopyStatusText } from './copy-status';
import { EarlyRecord } from './early-record';

/** The longest a board holds back deferred startup work (startup.ts) while it connects. */
const STARTUP_HOLD_MS = 4_000;

export interface OpenRoomOptions {
	roomId: string;
	/** The link's fragment: the room key. */
	roomKey: string;
	config: NetworkConfig;
	recent: RecentBoards;
	identities: IdentityStore;
	/** Load the benchmark probe (the page was opened with `?probe`). */
	probe?: boolean;
	/** How the session builds its node and local copy (tests). */
	session?: RoomSessionOptions;
}

/** The probe's side that the app feeds (see probe/room-probe.ts). */
interface FrameProbe {
	framePainted(complete: boolean, remoteDrafts: readonly BoardElement[]): void;
	destroy(): void;
}

/** What a painted frame showed (the renderer's FrameStats has these). */
export interface PaintedFrame {
	complete: boolean;
	remoteDrafts: readonly BoardElement[];
}

export class OpenRoom {
	readonly roomId: string;
	readonly roomKey: string;
	readonly session: RoomSession;
	readonly board: Board;
	readonly presence: Presence;
	/** What the other peers are drawing, for the editor's overlay. */
	readonly remoteDrafts: RemoteDrafts;
	/** Where the other peers point their laser, for the editor's overlay. */
	readonly remoteLasers: RemoteLasers;
	readonly #recent: RecentBoards;
	readonly #withProbe: boolean;
	#probe: FrameProbe | undefined;
	#early: EarlyRecord | undefined;
	#loaded = $state(false);
	#startError = $state<string>();
	#diagnostics = $state.raw<Diagnostics>();
	readonly #subscribeStatus: () => void;
	readonly #subscribeName: () => void;
	#releaseStartup: () => void = () => {};
	#unwatchName: () => void = () => {};
	#closed = false;

	constructor(options: OpenRoomOptions) {
		this.roomId = options.roomId;
		this.roomKey = options.roomKey;
		this.#recent = options.recent;
		this.#withProbe = options.probe === true;
		this.session = new RoomSession(
			options.roomId,
			options.roomKey,
			options.config,
			options.session
		);
		this.board = new Board(this.session.doc);
		this.presence = new Presence(this.session.awareness, options.identities);
		this.remoteDrafts = new RemoteDrafts({ awareness: this.session.awareness, board: this.board });
		this.remoteLasers = new RemoteLasers(this.session.awareness);
		this.#subscribeStatus = createSubscriber((update) => this.#watchStatus(update));
		this.#subscribeName = createSubscriber((update) => this.board.name.onChange(update));
	}

	/** False until the local copy has loaded (so the title never flashes "Untitled"). */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** Set when the network could not start; the board still works locally. */
	get startError(): string | undefined {
		return this.#startError;
	}

	/** The live network picture, once the network has started. */
	get diagnostics(): Diagnostics | undefined {
		return this.#diagnostics;
	}

	get status(): RoomStatus {
		this.#subscribeStatus();
		return roomStatus(this.session);
	}

	/** Whether the relay keeps this board, for the header (copy-status.ts). */
	get copyStatus(): CopyStatusText {
		this.#subscribeStatus();
		return copyStatusText(this.session.copy);
	}

	/** The board's name, shared with every peer ('' when unnamed). */
	get name(): string {
		this.#subscribeName();
		return this.board.name.value;
	}

	rename(name: string): void {
		this.board.name.set(name);
	}

	/** After every painted frame (only the probe listens). */
	readonly framePainted = (frame: PaintedFrame): void => {
		if (this.#probe !== undefined) this.#probe.framePainted(frame.complete, frame.remoteDrafts);
		else this.#early?.framePainted(frame.complete);
	};

	/**
	 * Opens the room: the local copy and the network start at once (RoomSession.start); deferred
	 * startup work (installing the service worker) waits for the first direct link or a few seconds.
	 */
	start(): void {
		// A user-timing mark costs nothing and lets the join benchmark split its time.
		performance.mark('whiteboard:room-start');
		this.#releaseStartup = holdStartup(STARTUP_HOLD_MS);
		this.session.addEventListener('loaded', this.#onLoaded, { once: true });
		this.session.addEventListener('change', this.#onSessionChange);
		this.remoteDrafts.start();
		this.remoteLasers.start();
		if (this.#withProbe) {
			// The board may be painted before the probe has loaded: nothing of it is lost.
			this.#early = new EarlyRecord(this.board);
			void this.#loadProbe();
		}
		this.session
			.start()
			.then(() => {
				if (!this.#closed) this.#diagnostics = new Diagnostics(this.session);
			})
			.catch((err: Error) => {
				this.#startError = `The network could not start: ${err.message}`;
				this.#releaseStartup();
			});
	}

	async close(): Promise<void> {
		this.#closed = true;
		this.#releaseStartup();
		this.session.removeEventListener('loaded', this.#onLoaded);
		this.session.removeEventListener('change', this.#onSessionChange);
		this.#unwatchName();
		this.#probe?.destroy();
		this.#early?.stop();
		this.remoteDrafts.stop();
		this.remoteLasers.stop();
		this.presence.destroy();
		this.board.destroy();
		await this.session.stop();
	}

	#onLoaded = (): void => {
		if (this.#closed) return;
		this.#loaded = true;
		this.#recent.touch(this.roomId, this.board.name.value, Date.now(), this.roomKey);
		this.#unwatchName = this.board.name.onChange((name) => this.#recent.rename(this.roomId, name));
	};

	#onSessionChange = (): void => {
		if (roomStatus(this.session).directPeers === 0) return;
		this.#releaseStartup();
		this.session.removeEventListener('change', this.#onSessionChange);
	};

	/** Status changes: the session's own events, the node's connections, the browser's network. */
	#watchStatus(update: () => void): () => void {
		const session = this.session;
		let node = session.node;
		const watchNode = (): void => {
			if (node != null) for (const name of ROOM_STATUS_EVENTS) node.addEventListener(name, update);
		};
		const onChange = (): void => {
			if (node == null && session.node != null) {
				node = session.node;
				watchNode();
			}
			update();
		};
		watchNode();
		session.addEventListener('change', onChange);
		globalThis.addEventListener?.('online', update);
		globalThis.addEventListener?.('offline', update);
		return () => {
			session.removeEventListener('change', onChange);
			globalThis.removeEventListener?.('online', update);
			globalThis.removeEventListener?.('offline', update);
			if (node != null)
				for (const name of ROOM_STATUS_EVENTS) node.removeEventListener(name, update);
		};
	}

	/** Benchmarks only: a separate chunk, never part of the app's own code path. */
	async #loadProbe(): Promise<void> {
		const { installRoomProbe } = await import('$lib/probe/room-probe');
		if (this.#closed) return;
		this.#probe = installRoomProbe(this.session, this.board, this.#early);
		this.#early = undefined;
	}
}
