/**
 * Pen and highlighter: idle -> drawing -> idle. One pointer's samples become a draft on the
 * overlay; the finished stroke is written to the board in one add() (one transaction, one undo
 * step). Points are stored relative to the first sample, the element's (x, y).
 */
import { newElementId } from '$lib/board/element-id';
import type { FreehandElement, StrokePoint } from '$lib/board/elements';
import { MAX_POINTS } from '$lib/board/limits';
import { distance } from '$lib/geometry/point';
import type { ToolContext } from '$lib/tools/context';
import { DRAFT_FIELDS, draftInput } from '$lib/tools/draft';
import { highlighterWidth } from '$lib/tools/style';
import { PointerTool, type Tool } from '$lib/tools/tool';
import type { ToolPointerInput } from '$lib/tools/tool-input';

/** Closer samples (in screen px) add bytes, not detail. */
export const MIN_POINT_DISTANCE = 0.5;
/** The highlighter is flat: pressure would only make it blotchy. */
const FLAT_PRESSURE = 0.5;

type FreehandType = FreehandElement['type'];

type State =
	| { name: 'idle' }
	| {
			name: 'drawing';
			pointerId: number;
			/** The element's id from the first sample on: peers see the draft under it. */
			id: string;
			origin: { x: number; y: number };
			/** Relative to origin. */
			points: StrokePoint[];
			color: string;
			width: number;
	  };

type Drawing = Extract<State, { name: 'drawing' }>;

export class FreehandTool extends PointerTool<State> implements Tool {
	protected state: State = { name: 'idle' };
	/** The draft is rebuilt at most once per invalidation (the renderer reads it per frame). */
	#draft: FreehandElement | null = null;

	readonly #ctx: ToolContext;

	constructor(
		readonly name: FreehandType,
		ctx: ToolContext
	) {
		super();
		this.#ctx = ctx;
	}

	get cursor(): string {
		return 'crosshair';
	}

	override get draft(): FreehandElement | null {
		const s = this.state;
		if (s.name !== 'drawing') return null;
		// A fresh object (and points array) per frame: the renderer caches by identity.
		this.#draft ??= this.#element(s, s.points.slice());
		return this.#draft;
	}

	handle(input: ToolPointerInput): void {
		const s = this.state;
		if (s.name === 'idle') {
			if (input.type === 'pointerdown') this.#start(input);
			return;
		}
		if (input.pointerId !== s.pointerId) return; // a second finger, a palm...
		switch (input.type) {
			case 'pointermove':
				if (this.#append(input)) this.#changed();
				return;
			case 'pointerup':
				this.#append(input);
				this.#finish();
				return;
			case 'pointercancel':
				this.cancel();
				return;
		}
	}

	cancel(): void {
		if (this.state.name === 'idle') return;
		this.state = { name: 'idle' };
		this.#changed();
	}

	#start(input: ToolPointerInput): void {
		const { color, width } = this.#ctx.style();
		this.state = {
			name: 'drawing',
			pointerId: input.pointerId,
			id: newElementId(),
			origin: { x: input.x, y: input.y },
			points: [{ x: 0, y: 0, pressure: this.#pressure(input) }],
			color,
			width: this.name === 'highlighter' ? highlighterWidth(width) : width
		};
		this.#changed();
	}

	#append(input: ToolPointerInput): boolean {
		const s = this.state;
		if (s.name !== 'drawing' || s.points.length >= MAX_POINTS) return false;
		const p = { x: input.x - s.origin.x, y: input.y - s.origin.y, pressure: this.#pressure(input) };
		const last = s.points[s.points.length - 1];
		const minDistance = MIN_POINT_DISTANCE / this.#ctx.viewport.get().zoom;
		if (last !== undefined && distance(last, p) < minDistance) return false;
		s.points.push(p);
		return true;
	}

	#finish(): void {
		const s = this.state;
		if (s.name !== 'drawing') return;
		this.state = { name: 'idle' };
		// Committed before the overlay hears of it: whoever looks then finds the element on the board.
		try {
			this.#ctx.board.add(draftInput(this.#element(s, s.points)), s.id);
		} finally {
			this.#changed();
		}
	}

	#element(s: Drawing, points: StrokePoint[]): FreehandElement {
		return {
			...DRAFT_FIELDS,
			id: s.id,
			type: this.name,
			x: s.origin.x,
			y: s.origin.y,
			color: s.color,
			width: s.width,
			points
		};
	}

	#pressure(input: ToolPointerInput): number {
		return this.name === 'highlighter' ? FLAT_PRESSURE : input.pressure;
	}

	#changed(): void {
		this.#draft = null;
		this.#ctx.invalidate();
	}
}
