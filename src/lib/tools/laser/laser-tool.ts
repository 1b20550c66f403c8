/**
 * The laser pointer: while the pointer is pressed it leaves a trail that fades out, for pointing
 * at things during a call. The trail is on the overlay and shared through presence (the tool
 * controller's overlay carries it, DraftShare sends it); it never touches the board, so it is
 * never stored and never in undo. Points older than LASER_FADE_MS drop off the tail: while any
 * are left the tool repaints every frame, so the trail shrinks away after the pointer stops.
 */
import type { Point } from '$lib/geometry/point';
import { MAX_LASER_POINTS } from '$lib/board/draft-codec';
import type { ToolContext } from '$lib/tools/context';
import { BaseTool, type Tool } from '$lib/tools/tool';
import type { ToolPointerInput } from '$lib/tools/tool-input';

/** How long a trail point stays. */
export const LASER_FADE_MS = 1_000;

interface TrailPoint extends Point {
	at: number;
}

export class LaserTool extends BaseTool implements Tool {
	readonly name = 'laser';
	readonly #ctx: ToolContext;
	readonly #now: () => number;
	#pointerId: number | null = null;
	#trail: TrailPoint[] = [];
	/** What `laser` returns: the same array until the trail changes. */
	#points: readonly Point[] = [];
	#ticking = false;

	constructor(ctx: ToolContext, now: () => number = () => performance.now()) {
		super();
		this.#ctx = ctx;
		this.#now = now;
	}

	get stateName(): string {
		return this.#pointerId !== null ? 'pointing' : this.#trail.length > 0 ? 'fading' : 'idle';
	}

	get activePointerId(): number | null {
		return this.#pointerId;
	}

	get cursor(): string {
		return 'crosshair';
	}

	override get laser(): readonly Point[] {
		return this.#points;
	}

	handle(input: ToolPointerInput): void {
		if (input.type === 'pointerdown') {
			this.#pointerId = input.pointerId;
			this.#add(input);
		} else if (input.pointerId === this.#pointerId) {
			if (input.type === 'pointermove') this.#add(input);
			else this.#pointerId = null; // pointerup, pointercancel: the trail fades on its own
		}
	}

	cancel(): void {
		this.#pointerId = null;
		this.#trail = [];
		this.#changed();
	}

	#add(p: Point): void {
		this.#trail.push({ x: p.x, y: p.y, at: this.#now() });
		if (this.#trail.length > MAX_LASER_POINTS) this.#trail.shift();
		this.#changed();
		this.#tick();
	}

	/** Once per frame while a trail is left: drop what has faded, repaint. */
	#tick(): void {
		if (this.#ticking) return;
		this.#ticking = true;
		this.#ctx.requestFrame(() => {
			this.#ticking = false;
			const oldest = this.#now() - LASER_FADE_MS;
			const kept = this.#trail.filter((p) => p.at >= oldest);
			if (kept.length !== this.#trail.length) {
				this.#trail = kept;
				this.#changed();
			}
			if (this.#trail.length > 0) this.#tick();
		});
	}

	#changed(): void {
		this.#points = this.#trail.map(({ x, y }) => ({ x, y }));
		this.#ctx.invalidate();
	}
}
