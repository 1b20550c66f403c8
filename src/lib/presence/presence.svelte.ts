import type { Awareness } from 'y-protocols/awareness';
import type { Point } from '$lib/geometry/point';
import { parsePresenceState, type PresenceCursor } from './presence-state';
import { normalizeName, type Identity, type IdentityStore } from './identity';

export interface PresencePeer {
	/** The peer's Y.Doc clientID (one per open tab). */
	clientId: number;
	name: string;
	color: string;
	/** Board coordinates; null when its pointer is off the board (and always for `self`). */
	cursor: PresenceCursor | null;
	self: boolean;
}

/**
 * Bridges the room's Awareness into runes: who is here (`peers`), where their pointers are
 * (`cursors`), and our own name and pointer (`setName`, `setCursor`). The network side is
 * AwarenessGossip; this class only reads and writes the Awareness.
 */
export class Presence {
	readonly #awareness: Awareness;
	readonly #store: IdentityStore;
	#identity = $state.raw<Identity>() as Identity;
	#peers = $state.raw<readonly PresencePeer[]>([]);
	readonly #cursors = $derived(this.#peers.filter((p) => !p.self && p.cursor != null));
	#cursor: PresenceCursor | null = null;
	#frame: number | undefined;
	#hidden = false;

	constructor(awareness: Awareness, store: IdentityStore) {
		this.#awareness = awareness;
		this.#store = store;
		this.#identity = store.load();
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
	 * pointermove: the state changes at most once per animation frame, and AwarenessGossip sends at
	 * most ~30 updates a second, always including the last position.
	 */
	setCursor(point: Point | null): void {
		if (point == null) {
			this.#cancelFrame();
			this.#cursor = null;
			this.#share();
			return;
		}
		if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return;
		this.#cursor = { x: point.x, y: point.y };
		if (this.#frame !== undefined) return;
		if (typeof requestAnimationFrame === 'undefined') {
			this.#share();
			return;
		}
		this.#frame = requestAnimationFrame(() => {
			this.#frame = undefined;
			this.#share();
		});
	}

	destroy(): void {
		this.#cancelFrame();
		this.#awareness.off('change', this.#refresh);
		if (typeof window !== 'undefined') {
			window.removeEventListener('pagehide', this.#onPageHide);
			window.removeEventListener('pageshow', this.#onPageShow);
		}
	}

	#share(): void {
		if (this.#hidden) return;
		const { name, color } = this.#identity;
		this.#awareness.setLocalState({ user: { name, color }, cursor: this.#cursor });
	}

	#cancelFrame(): void {
		if (this.#frame === undefined) return;
		cancelAnimationFrame(this.#frame);
		this.#frame = undefined;
	}

	// Leaving (closing, navigating, or into the back-forward cache): a null state is the goodbye.
	#onPageHide = (): void => {
		this.#hidden = true;
		this.#cancelFrame();
		this.#awareness.setLocalState(null);
	};

	#onPageShow = (event: PageTransitionEvent): void => {
		if (!event.persisted || !this.#hidden) return;
		this.#hidden = false;
		this.#share();
	};

	#refresh = (): void => {
		const { clientID } = this.#awareness;
		const others: PresencePeer[] = [];
		for (const [clientId, raw] of this.#awareness.getStates()) {
			if (clientId === clientID) continue;
			// AwarenessGossip only lets valid states in; checked again because this is what gets drawn.
			const state = parsePresenceState(raw);
			if (state == null) continue;
			others.push({ clientId, ...state.user, cursor: state.cursor, self: false });
		}
		others.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
		const self: PresencePeer = { clientId: clientID, ...this.#identity, cursor: null, self: true };
		const next = [self, ...others];
		if (!samePeers(this.#peers, next)) this.#peers = next;
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
				p.cursor?.y === q.cursor?.y
			);
		})
	);
}
