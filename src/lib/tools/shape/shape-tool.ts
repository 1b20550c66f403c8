/**
 * Line, arrow, rectangle and ellipse: idle -> drawing -> idle. The drag shows a draft on the
 * overlay and becomes one element on release (one add, one undo step). A click without a drag
 * creates nothing.
 */
import { newElementId } from '$lib/board/element-id';
import type { LinearElement, ShapeElement } from '$lib/board/elements';
import type { Point } from '$lib/geometry/point';
import type { ToolContext } from '$lib/tools/context';
import { DRAFT_FIELDS, draftInput } from '$lib/tools/draft';
import { PointerTool, type Tool } from '$lib/tools/tool';
import type { ToolPointerInput } from '$lib/tools/tool-input';
import { dragBox, lineEnd, type DragModifiers, type ShapeType } from './shape-geometry';

/** Drags shorter than this (screen px) are clicks. */
export const MIN_DRAG = 2;

type Drawn = LinearElement | ShapeElement;

type State =
	| { name: 'idle' }
	| {
			name: 'drawing';
			pointerId: number;
			/** The element's id: peers see the draft under it. */
			id: string;
			start: Point;
			end: Point;
			modifiers: DragModifiers;
			color: string;
			width: number;
	  };

export class ShapeTool extends PointerTool<State> implements Tool {
	protected state: State = { name: 'idle' };
	#draft: Drawn | null = null;

	readonly #ctx: ToolContext;

	constructor(
		readonly name: ShapeType,
		ctx: ToolContext
	) {
		super();
		this.#ctx = ctx;
	}

	get cursor(): string {
		return 'crosshair';
	}

	override get draft(): Drawn | null {
		if (this.state.name !== 'drawing' || !this.#isDrag()) return null;
		this.#draft ??= this.#element();
		return this.#draft;
	}

	handle(input: ToolPointerInput): void {
		const s = this.state;
		if (s.name === 'idle') {
			if (input.type !== 'pointerdown') return;
			const { color, width } = this.#ctx.style();
			const start = { x: input.x, y: input.y };
			this.state = {
				name: 'drawing',
				pointerId: input.pointerId,
				id: newElementId(),
				start,
				end: start,
				modifiers: { shift: input.shift, alt: input.alt },
				color,
				width
			};
			this.#changed();
			return;
		}
		if (input.pointerId !== s.pointerId) return;
		if (input.type === 'pointercancel') return this.cancel();
		s.end = { x: input.x, y: input.y };
		s.modifiers = { shift: input.shift, alt: input.alt };
		this.#changed();
		if (input.type !== 'pointerup') return;
		const element = this.#isDrag() ? this.#element() : null;
		this.state = { name: 'idle' };
		// Committed before the overlay hears of it: whoever looks then finds the element on the board.
		try {
			if (element !== null) this.#ctx.board.add(draftInput(element), element.id);
		} finally {
			this.#changed();
		}
	}

	cancel(): void {
		if (this.state.name === 'idle') return;
		this.state = { name: 'idle' };
		this.#changed();
	}

	#isDrag(): boolean {
		const s = this.state;
		if (s.name !== 'drawing') return false;
		const zoom = this.#ctx.viewport.get().zoom;
		return Math.hypot(s.end.x - s.start.x, s.end.y - s.start.y) * zoom >= MIN_DRAG;
	}

	#element(): Drawn {
		const s = this.state as Extract<State, { name: 'drawing' }>;
		const base = { ...DRAFT_FIELDS, id: s.id, color: s.color, width: s.width };
		if (this.name === 'line' || this.name === 'arrow') {
			const end = lineEnd(s.start, s.end, s.modifiers.shift);
			return {
				...base,
				type: this.name,
				x: s.start.x,
				y: s.start.y,
				dx: end.x - s.start.x,
				dy: end.y - s.start.y
			};
		}
		return { ...base, type: this.name, ...dragBox(s.start, s.end, s.modifiers), fill: null };
	}

	#changed(): void {
		this.#draft = null;
		this.#ctx.invalidate();
	}
}
