/**
 * What the other peers are drawing, as the overlay paints it: each peer's draft from its presence
 * state (validated like every state), and the handover to the committed element with no frame
 * that shows neither or both. A draft's id is the id its element will have, so:
 *   - a draft whose element is on our board is never painted (the board paints the element);
 *   - a draft that disappears from its author's state because it was committed (`committed` names
 *     it) stays painted until its element is on our board, or DRAFT_LINGER_MS at most;
 *   - a draft that disappears otherwise (Esc, a cancelled gesture) goes at once, and so does every
 *     draft of a peer that leaves or times out (its awareness state is removed).
 * Framework-free: the app reads `drafts()` when it paints and repaints on `onChange`.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { Board } from '$lib/board/board';
import { draftElement, type DraftWire } from '$lib/board/draft-codec';
import type { BoardElement } from '$lib/board/elements';
import { readPresenceState } from './presence-state';
import { systemTimers, type ThrottleTimers } from './presence-throttle';

/** How long a committed draft waits for its element (it normally arrives within milliseconds). */
export const DRAFT_LINGER_MS = 3_000;

export interface RemoteDraftsOptions {
	awareness: Awareness;
	board: Pick<Board, 'get' | 'onChange'>;
	lingerMs?: number;
	timers?: ThrottleTimers;
}

interface Entry {
	/** The draft its author shows now. */
	draft: BoardElement | null;
	/** Its committed draft, until the element lands. */
	lingering: BoardElement | null;
	lingerTimer: unknown;
	/** The last of its drafts seen on our board: a late copy of it is never painted again. */
	landed: string | null;
}

interface AwarenessChanges {
	added: number[];
	updated: number[];
	removed: number[];
}

export class RemoteDrafts {
	readonly #awareness: Awareness;
	readonly #board: RemoteDraftsOptions['board'];
	readonly #lingerMs: number;
	readonly #timers: ThrottleTimers;
	readonly #entries = new Map<number, Entry>();
	readonly #listeners = new Set<() => void>();
	#unwatchBoard: (() => void) | null = null;

	constructor(options: RemoteDraftsOptions) {
		this.#awareness = options.awareness;
		this.#board = options.board;
		this.#lingerMs = options.lingerMs ?? DRAFT_LINGER_MS;
		this.#timers = options.timers ?? systemTimers;
	}

	start(): void {
		if (this.#unwatchBoard !== null) return;
		this.#awareness.on('change', this.#onAwarenessChange);
		this.#unwatchBoard = this.#board.onChange(this.#onBoardChange);
		const ids = [...this.#awareness.getStates().keys()];
		this.#onAwarenessChange({ added: ids, updated: [], removed: [] });
	}

	stop(): void {
		if (this.#unwatchBoard === null) return;
		this.#awareness.off('change', this.#onAwarenessChange);
		this.#unwatchBoard();
		this.#unwatchBoard = null;
		for (const entry of this.#entries.values()) this.#timers.clearTimeout(entry.lingerTimer);
		this.#entries.clear();
		this.#notify();
	}

	/** The drafts to paint now: none whose element is on the board. */
	drafts(): BoardElement[] {
		const out: BoardElement[] = [];
		for (const entry of this.#entries.values()) {
			if (this.#shows(entry, entry.lingering)) out.push(entry.lingering as BoardElement);
			if (this.#shows(entry, entry.draft)) out.push(entry.draft as BoardElement);
		}
		return out;
	}

	/** Called whenever `drafts()` may have changed (not for board changes: those repaint anyway). */
	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#shows(entry: Entry, draft: BoardElement | null): boolean {
		return draft !== null && draft.id !== entry.landed && this.#board.get(draft.id) === undefined;
	}

	#onAwarenessChange = ({ added, updated, removed }: AwarenessChanges): void => {
		let changed = false;
		for (const id of removed) {
			const entry = this.#entries.get(id);
			if (entry === undefined) continue;
			this.#timers.clearTimeout(entry.lingerTimer);
			this.#entries.delete(id);
			changed = true;
		}
		const self = this.#awareness.clientID;
		for (const id of [...added, ...updated]) {
			if (id !== self) changed = this.#update(id) || changed;
		}
		if (changed) this.#notify();
	};

	#update(clientId: number): boolean {
		const state = readPresenceState(this.#awareness.getStates().get(clientId));
		const wire: DraftWire | null = state?.draft ?? null;
		let entry = this.#entries.get(clientId);
		if (entry === undefined) {
			if (wire === null) return false;
			entry = { draft: null, lingering: null, lingerTimer: undefined, landed: null };
			this.#entries.set(clientId, entry);
		}
		const before = entry.draft;
		if (before !== null && before.id !== wire?.id && state?.committed === before.id) {
			this.#linger(entry, before);
		}
		entry.draft = wire === null ? null : draftElement(wire);
		return before !== null || entry.draft !== null;
	}

	#linger(entry: Entry, draft: BoardElement): void {
		this.#timers.clearTimeout(entry.lingerTimer);
		if (!this.#shows(entry, draft)) {
			entry.lingering = null;
			return;
		}
		entry.lingering = draft;
		entry.lingerTimer = this.#timers.setTimeout(() => {
			if (entry.lingering !== draft) return;
			entry.lingering = null;
			this.#notify();
		}, this.#lingerMs);
	}

	#onBoardChange = (): void => {
		for (const entry of this.#entries.values()) {
			for (const draft of [entry.lingering, entry.draft]) {
				if (draft !== null && this.#board.get(draft.id) !== undefined) entry.landed = draft.id;
			}
			if (entry.lingering !== null && entry.lingering.id === entry.landed) {
				this.#timers.clearTimeout(entry.lingerTimer);
				entry.lingering = null;
			}
		}
	};

	#notify(): void {
		for (const listener of this.#listeners) listener();
	}
}
