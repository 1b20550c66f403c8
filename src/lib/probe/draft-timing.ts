/**
 * The in-progress figure's raw data (bench/scenarios/in-progress.ts): in the drawing page, when
 * its pointer moved while a button was down, how many points the stroke had after that move and
 * the id it was committed under;
 * in the watching page, every painted frame that showed another peer's draft, with its point
 * count. A move's point is "painted" at the first frame showing that draft with at least as many
 * points.
 */
import type { BoardElement } from '$lib/board/elements';

/** Enough for a benchmark phase; older samples are dropped first. */
const MAX_SAMPLES = 50_000;

export interface DraftFrame {
	at: number;
	/** The draft's id: one per stroke. */
	id: string;
	/** Points of a freehand draft (1 for shapes). */
	points: number;
}

export interface MoveSample {
	at: number;
	/** Points the stroke has once this move's samples are in (the press made the first). */
	point: number;
}

export interface PointerStroke {
	/** The id of the element it was committed as (also its draft's id); null until then. */
	id: string | null;
	moves: MoveSample[];
}

export class DraftTiming {
	readonly #now: () => number;
	readonly #frames: DraftFrame[] = [];
	readonly #strokes: PointerStroke[] = [];
	#stroke: PointerStroke | null = null;
	#points = 0;

	constructor(now: () => number) {
		this.#now = now;
	}

	/** Records this page's strokes from its pointer events; returns the call that stops it. */
	watchPointer(target: EventTarget): () => void {
		const down = (event: Event): void => {
			if ((event as PointerEvent).button !== 0) return;
			this.#stroke = { id: null, moves: [] };
			this.#points = 1;
			this.#strokes.push(this.#stroke);
			if (this.#strokes.length > 1_000) this.#strokes.shift();
		};
		const move = (event: Event): void => {
			const e = event as PointerEvent;
			if (this.#stroke === null || (e.buttons & 1) === 0) return;
			this.#points += e.getCoalescedEvents?.().length || 1;
			if (this.#stroke.moves.length < MAX_SAMPLES) {
				this.#stroke.moves.push({ at: this.#now(), point: this.#points });
			}
		};
		const up = (): void => {
			this.#stroke = null;
		};
		const options = { capture: true, passive: true };
		target.addEventListener('pointerdown', down, options);
		target.addEventListener('pointermove', move, options);
		target.addEventListener('pointerup', up, options);
		return () => {
			target.removeEventListener('pointerdown', down, options);
			target.removeEventListener('pointermove', move, options);
			target.removeEventListener('pointerup', up, options);
		};
	}

	/** An element was added here: the last pointer stroke not yet committed became it. */
	committed(id: string): void {
		const stroke = this.#strokes.findLast((s) => s.id === null);
		if (stroke !== undefined) stroke.id = id;
	}

	/** After every painted frame: the other peers' drafts it showed. */
	framePainted(at: number, drafts: readonly BoardElement[]): void {
		if (drafts.length === 0) return;
		if (this.#frames.length >= MAX_SAMPLES) this.#frames.splice(0, MAX_SAMPLES / 2);
		for (const draft of drafts) {
			this.#frames.push({ at, id: draft.id, points: 'points' in draft ? draft.points.length : 1 });
		}
	}

	frames(): DraftFrame[] {
		return [...this.#frames];
	}

	strokes(): PointerStroke[] {
		return this.#strokes.map((stroke) => ({ id: stroke.id, moves: [...stroke.moves] }));
	}
}
