/**
 * The other peers' laser pointer trails, as the overlay paints them: each peer's `laser` from its
 * presence state (validated like every state). A trail is painted as its author sends it; the
 * author shortens it as it fades, and a peer that leaves (or times out) takes its trail along.
 * Framework-free: the app reads `lasers()` when it paints and repaints on `onChange`.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { Point } from '$lib/geometry/point';
import { readPresenceState } from './presence-state';

export interface LaserTrail {
	clientId: number;
	/** Board coordinates, oldest first. */
	points: readonly Point[];
}

interface AwarenessChanges {
	added: number[];
	updated: number[];
	removed: number[];
}

export class RemoteLasers {
	readonly #awareness: Awareness;
	readonly #trails = new Map<number, LaserTrail>();
	readonly #listeners = new Set<() => void>();
	#shown: readonly LaserTrail[] = [];
	#started = false;

	constructor(awareness: Awareness) {
		this.#awareness = awareness;
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.#awareness.on('change', this.#onChange);
		this.#onChange({ added: [...this.#awareness.getStates().keys()], updated: [], removed: [] });
	}

	stop(): void {
		if (!this.#started) return;
		this.#started = false;
		this.#awareness.off('change', this.#onChange);
		this.#trails.clear();
		this.#shown = [];
		this.#notify();
	}

	/** Every other peer's trail now; the same array until one changes. */
	lasers(): readonly LaserTrail[] {
		return this.#shown;
	}

	/** Called whenever `lasers()` may have changed; returns the unsubscribe call. */
	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#onChange = ({ added, updated, removed }: AwarenessChanges): void => {
		let changed = false;
		for (const id of removed) changed = this.#trails.delete(id) || changed;
		const self = this.#awareness.clientID;
		for (const id of [...added, ...updated]) {
			if (id === self) continue;
			const laser = readPresenceState(this.#awareness.getStates().get(id))?.laser ?? null;
			if (laser === null) {
				changed = this.#trails.delete(id) || changed;
				continue;
			}
			this.#trails.set(id, { clientId: id, points: laser.map(([x, y]) => ({ x, y })) });
			changed = true;
		}
		if (!changed) return;
		this.#shown = [...this.#trails.values()];
		this.#notify();
	};

	#notify(): void {
		for (const listener of this.#listeners) listener();
	}
}
