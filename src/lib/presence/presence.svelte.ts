import type { Awareness } from 'y-protocols/awareness';
import { NO_SHARED_DRAFT, type SharedDraft } from '$lib/board/draft-codec';
import type { Point } from '$lib/geometry/point';
import { PRESENCE_TIMING } from './awareness-gossip';
import { FrameShare } from './frame-share';
import {
	readPresenceState,
	type PresenceCursor,
	type PresenceState,
	type PresenceView
} from './presence-state';
import { normalizeName, type Identity, type IdentityStore } from './identity';
import { systemTimers } from './presence-throttle';

export interface PresencePeer {
	/** The peer's Y.Doc clientID (one per open tab). */
	clientId: number;
	name: string;
	color: string;
	/** Board coordinates; null when its pointer is off the board (and always for `self`). */
	cursor: PresenceCursor | null;
	/** The board area its window shows (null if it shares none, and always for `self`). */
	view: PresenceView | null;
	/** The clientID of the peer it follows, if any (ours too, for `self`). */
	following: number | null;
	self: boolean;
}

/** Where our draft comes from (the board editor's tools); read when presence is shared. */
export type DraftSource = () => Readonly<SharedDraft>;

/**
 * Bridges the room's Awareness into runes: who is here (`peers`), where their pointers are
 * (`cursors`), and our own name, pointer and draft (`setName`, `setCursor`, `shareDrafts`). The
 * network side is AwarenessGossip (or, in the benchmark's baseline page, a stock provider); this
 * class only reads and writes the Awareness. Other peers' drafts are RemoteDrafts' business.
 */
export class Presence {
	readonly #awareness: Awareness;
	readonly #store: IdentityStore;
	#identity = $state.raw<Identity>() as Identity;
	#peers = $state.raw<readonly PresencePeer[]>([]);
	readonly #cursors = $derived(this.#peers.filter((p) => !p.self && p.cursor != null));
	#cursor: PresenceCursor | null = null;
	#view: PresenceView | null = null;
	#following: number | null = null;
	/** Callbacks, not state: nothing renders from this set. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #listeners = new Set<() => void>();
	#draftSource: DraftSource = () => NO_SHARED_DRAFT;
	/** What we last wrote, to skip writes that change nothing (each one would be a message). */
	#shared: PresenceState | null = null;
	/** What went into the awareness for #shared: the same, without the optional fields at null. */
	#wire: object | null = null;
	readonly #frames: FrameShare;
	#hidden = false;

	constructor(awareness: Awareness, store: IdentityStore) {
		this.#awareness = awareness;
		this.#store = store;
		this.#identity = store.load();
		const hasFrames = typeof requestAnimationFrame !== 'undefined';
		this.#frames = new FrameShare({
			share: () => this.#share(),
			intervalMs: PRESENCE_TIMING.publishIntervalMs,
			timers: systemTimers,
			requestFrame: hasFrames ? (callback) => requestAnimationFrame(callback) : undefined,
			cancelFrame: hasFrames ? (handle) => cancelAnimationFrame(handle) : undefined
		});
		awareness.on('change', this.#refresh);
		if (typeof window !== 'undefined') {
			window.addEventListener('pagehide', this.#onPageHide);
			window.addEventListener('pageshow', this.#onPageShow);
		}
		this.#share();
		this.#refresh();
	}

	/** Our own name and colour. */
	get identity(): Identity {
		return this.#identity;
	}

	/** Everyone present: ourselves first, then the others by name. */
	get peers(): readonly PresencePeer[] {
		return this.#peers;
	}

	/** Other peers whose pointer is over the board. */
	get cursors(): readonly PresencePeer[] {
		return this.#cursors;
	}

	/** Sets and remembers our display name; false (and nothing changes) if it is blank. */
	setName(input: string): boolean {
		const name = normalizeName(input);
		if (name == null) return false;
		if (name === this.#identity.name) return true;
		this.#identity = { ...this.#identity, name };
		this.#store.save(this.#identity);
		this.#share();
		this.#refresh();
		return true;
	}

	/**
	 * Reports our pointer in board coordinates (null: it left the board). Call it on every
	 * pointermove: the state changes on animation frames, at most ~30 times a second (FrameShare),
	 * always ending with the last position.
	 */
	setCursor(point: Point | null): void {
		if (point == null) {
			this.#cursor = null;
			this.#frames.now();
			return;
		}
		if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return;
		this.#cursor = { x: point.x, y: point.y };
		this.#frames.request();
	}

	/** Reports the board area our window shows (board coordinates); shared like the cursor. */
	setView(view: PresenceView | null): void {
		if (view !== null && !(view.w > 0 && view.h > 0 && Number.isFinite(view.x + view.y))) return;
		this.#view = view;
		this.#frames.request();
	}

	/** Says whom we follow (their clientID), or null: they see it. */
	setFollowing(clientId: number | null): void {
		if (this.#following === clientId) return;
		this.#following = clientId;
		this.#frames.now();
		this.#refresh();
	}

	/** Called after `peers` changed (a name, a cursor, a view, who follows whom). */
	onPeersChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/**
	 * Shares what we draw: `source` is read whenever our state is shared (so a draft is encoded at
	 * most once per share, not on every pointer event); call draftChanged() when it may have changed.
	 */
	shareDrafts(source: DraftSource): void {
		this.#draftSource = source;
		this.draftChanged();
	}

	draftChanged(): void {
		this.#frames.request();
	}

	destroy(): void {
		this.#frames.cancel();
		this.#awareness.off('change', this.#refresh);
		if (typeof window !== 'undefined') {
			window.removeEventListener('pagehide', this.#onPageHide);
			window.removeEventListener('pageshow', this.#onPageShow);
		}
	}

	#share(): void {
		if (this.#hidden) return;
		const { name, color } = this.#identity;
		const { draft, committed, laser } = this.#draftSource();
		const last = this.#shared;
		const cursor = this.#cursor;
		const view = this.#view;
		const following = this.#following;
		if (
			last !== null &&
			this.#awareness.getLocalState() === this.#wire &&
			last.user.name === name &&
			last.user.color === color &&
			last.cursor?.x === cursor?.x &&
			last.cursor?.y === cursor?.y &&
			last.view === view &&
			last.following === following &&
			last.draft === draft &&
			last.committed === committed &&
			last.laser === laser
		) {
			return;
		}
		this.#shared = { user: { name, color }, cursor, view, following, draft, committed, laser };
		this.#wire = compactState(this.#shared);
		this.#awareness.setLocalState(this.#wire as Record<string, unknown>);
	}

	// Leaving (closing, navigating, or into the back-forward cache): a null state is the goodbye.
	#onPageHide = (): void => {
		this.#hidden = true;
		this.#frames.cancel();
		this.#awareness.setLocalState(null);
	};

	#onPageShow = (event: PageTransitionEvent): void => {
		if (!event.persisted || !this.#hidden) return;
		this.#hidden = false;
		this.#shared = null;
		this.#share();
	};

	#refresh = (): void => {
		const { clientID } = this.#awareness;
		const others: PresencePeer[] = [];
		for (const [clientId, raw] of this.#awareness.getStates()) {
			if (clientId === clientID) continue;
			// AwarenessGossip only lets valid states in; checked again because this is what gets drawn.
			const state = readPresenceState(raw);
			if (state == null) continue;
			const { cursor, view, following } = state;
			others.push({ clientId, ...state.user, cursor, view, following, self: false });
		}
		others.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
		const self: PresencePeer = {
			clientId: clientID,
			...this.#identity,
			cursor: null,
			view: null,
			following: this.#following,
			self: true
		};
		const next = [self, ...others];
		if (samePeers(this.#peers, next)) return;
		this.#peers = next;
		for (const listener of this.#listeners) listener();
	};
}

// Local cursor moves also fire 'change'; skipping equal lists keeps them from re-rendering the UI.
function samePeers(a: readonly PresencePeer[], b: readonly PresencePeer[]): boolean {
	return (
		a.length === b.length &&
		a.every((p, i) => {
			const q = b[i];
			return (
				q != null &&
				p.clientId === q.clientId &&
				p.name === q.name &&
				p.color === q.color &&
				p.self === q.self &&
				p.cursor?.x === q.cursor?.x &&
				p.cursor?.y === q.cursor?.y &&
				p.view?.x === q.view?.x &&
				p.view?.y === q.view?.y &&
				p.view?.w === q.view?.w &&
				p.view?.h === q.view?.h &&
				p.following === q.following
			);
		})
	);
}

/**
 * A state as it goes on the wire: `view`, `following` and `laser` only when set (absent reads as
 * null, PROTOCOL.md "Presence state"), so a cursor move does not carry three empty fields.
 */
function compactState(state: PresenceState): object {
	const { view, following, laser, ...rest } = state;
	return {
		...rest,
		...(view === null ? {} : { view }),
		...(following === null ? {} : { following }),
		...(laser === null ? {} : { laser })
	};
}
