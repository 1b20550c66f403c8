/**
 * Following a collaborator's view, and sharing ours so that others can follow it. Our visible
 * board area goes into presence whenever it changes; while we follow someone, each change of
 * theirs moves our view to show all of their area. Our own pan or zoom ends it (so does `stop()`,
 * e.g. on Escape, and the followed peer leaving). Whom we follow is in our presence state too:
 * the followed peer sees it (`followers`).
 */
import type { PresencePeer } from '$lib/presence/presence.svelte.ts';
import type { PresenceView } from '$lib/presence/presence-state';
import type { Rect } from '$lib/geometry/rect';
import type { ViewportChangeCause } from './board-editor.svelte.ts';

/** The parts of Presence this needs. */
export interface FollowPresence {
	readonly peers: readonly PresencePeer[];
	setView(view: PresenceView | null): void;
	setFollowing(clientId: number | null): void;
	onPeersChange(listener: () => void): () => void;
}

/** The parts of BoardEditor this needs. */
export interface FollowEditor {
	readonly visibleArea: Rect;
	showArea(area: Rect): void;
	onViewportChange(listener: (cause: ViewportChangeCause) => void): () => void;
}

const toView = (r: Rect): PresenceView | null => {
	const w = r.maxX - r.minX;
	const h = r.maxY - r.minY;
	return w > 0 && h > 0 ? { x: r.minX, y: r.minY, w, h } : null;
};

export class Follow {
	readonly #presence: FollowPresence;
	readonly #editor: FollowEditor;
	#target = $state<number | null>(null);
	/** The followed peer's view we last showed: a repeat of it moves nothing. */
	#shown: PresenceView | null = null;
	readonly #unwatch: Array<() => void>;

	constructor(presence: FollowPresence, editor: FollowEditor) {
		this.#presence = presence;
		this.#editor = editor;
		this.#unwatch = [
			editor.onViewportChange((cause) => this.#onViewport(cause)),
			presence.onPeersChange(() => this.#apply())
		];
		presence.setView(toView(editor.visibleArea));
	}

	/** The clientID of the peer we follow, or null. */
	get target(): number | null {
		return this.#target;
	}

	/** The peers following us now. */
	get followers(): readonly PresencePeer[] {
		const self = this.#presence.peers.find((p) => p.self);
		return this.#presence.peers.filter((p) => !p.self && p.following === self?.clientId);
	}

	follow(clientId: number): void {
		if (this.#presence.peers.every((p) => p.clientId !== clientId || p.self)) return;
		this.#target = clientId;
		this.#shown = null;
		this.#presence.setFollowing(clientId);
		this.#apply();
	}

	stop(): void {
		if (this.#target === null) return;
		this.#target = null;
		this.#presence.setFollowing(null);
	}

	destroy(): void {
		for (const unwatch of this.#unwatch) unwatch();
		this.stop();
	}

	#onViewport(cause: ViewportChangeCause): void {
		this.#presence.setView(toView(this.#editor.visibleArea));
		if (cause === 'user') this.stop();
		else if (cause === 'resize') {
			// Our canvas changed shape: fit their area again.
			this.#shown = null;
			this.#apply();
		}
	}

	#apply(): void {
		if (this.#target === null) return;
		const peer = this.#presence.peers.find((p) => p.clientId === this.#target);
		if (peer === undefined) {
			this.stop();
			return;
		}
		const view = peer.view;
		if (view === null || sameView(view, this.#shown)) return;
		this.#shown = view;
		this.#editor.showArea({
			minX: view.x,
			minY: view.y,
			maxX: view.x + view.w,
			maxY: view.y + view.h
		});
	}
}

function sameView(a: PresenceView, b: PresenceView | null): boolean {
	return b !== null && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}
