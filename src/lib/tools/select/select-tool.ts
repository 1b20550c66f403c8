/**
 * The select tool, a state chart of small states (after tldraw's SelectTool):
 *   idle -> pointing -> translating | brushing -> idle
 *   idle -> resizing -> idle                        (pressed on a handle of the selection box)
 * Moves and resizes write the board live, once per frame, and end as one undo step (LiveDrag).
 */
import type { BoardElement } from '$lib/board/elements';
import { boundsOfElements } from '$lib/geometry/element-bounds';
import { elementIntersectsRect } from '$lib/geometry/hit-test';
import type { Point } from '$lib/geometry/point';
import { rectContainsPoint, rectFromPoints, type Rect } from '$lib/geometry/rect';
import { resizeElement } from '$lib/geometry/resize';
import { resizeBox } from '$lib/geometry/resize-box';
import { handleAtPoint, type HandleName } from '$lib/geometry/selection-handles';
import { FrameCoalescer, type ToolContext } from '$lib/tools/context';
import { topmostAt } from '$lib/tools/pick';
import { openTextAt } from '$lib/tools/text/text-tool';
import { PointerTool, type Tool } from '$lib/tools/tool';
import type { ToolPointerInput } from '$lib/tools/tool-input';
import { handleCursor } from './handle-cursor';
import { LiveDrag } from './live-drag';

/** A press becomes a drag once the pointer has moved this far (screen px). */
export const DRAG_THRESHOLD = 3;

type State =
	| { name: 'idle' }
	| {
			name: 'pointing';
			pointerId: number;
			start: Point;
			screen: Point;
			hit: BoardElement | null;
			/** Pressed on empty space inside the selection box: a drag moves the selection. */
			inBox: boolean;
			/** Shift-press on a selected element: deselect it on release unless dragged. */
			toggleOffOnUp: boolean;
			shift: boolean;
	  }
	| {
			name: 'translating';
			pointerId: number;
			start: Point;
			ids: readonly string[];
			drag: LiveDrag;
			/** Offset the board shows now, and the one the pointer asks for. */
			applied: Point;
			target: Point;
	  }
	| {
			name: 'resizing';
			pointerId: number;
			start: Point;
			handle: HandleName;
			from: Rect;
			to: Rect;
			originals: readonly BoardElement[];
			drag: LiveDrag;
	  }
	| { name: 'brushing'; pointerId: number; start: Point; marquee: Rect; base: readonly string[] };

export class SelectTool extends PointerTool<State> implements Tool {
	readonly name = 'select';
	protected state: State = { name: 'idle' };
	#hoverCursor = 'default';
	readonly #frame: FrameCoalescer;

	readonly #ctx: ToolContext;

	constructor(ctx: ToolContext) {
		super();
		this.#ctx = ctx;
		this.#frame = new FrameCoalescer(
			(callback) => ctx.requestFrame(callback),
			() => this.#writeFrame()
		);
	}

	get cursor(): string {
		const s = this.state;
		if (s.name === 'translating') return 'move';
		if (s.name === 'resizing') return handleCursor(s.handle);
		return s.name === 'idle' ? this.#hoverCursor : 'default';
	}

	override get marquee(): Rect | null {
		return this.state.name === 'brushing' ? this.state.marquee : null;
	}

	handle(input: ToolPointerInput): void {
		const s = this.state;
		if (s.name === 'idle') {
			if (input.type === 'pointerdown') this.#press(input);
			else if (input.type === 'pointermove') this.#hover(input);
			return;
		}
		if (input.pointerId !== s.pointerId) return;
		if (input.type === 'pointercancel') return this.cancel();
		switch (s.name) {
			case 'pointing':
				return this.#pointing(s, input);
			case 'translating':
				s.target = { x: input.x - s.start.x, y: input.y - s.start.y };
				return this.#moved(input);
			case 'resizing':
				s.to = resizeBox(s.from, s.handle, input.x - s.start.x, input.y - s.start.y, input.shift);
				return this.#moved(input);
			case 'brushing':
				s.marquee = rectFromPoints(s.start, input);
				this.#brush(s, input.shift);
				if (input.type === 'pointerup') this.#idle();
				return;
		}
	}

	cancel(): void {
		const s = this.state;
		this.#frame.drop();
		if (s.name === 'translating' || s.name === 'resizing') s.drag.cancel();
		if (s.name === 'brushing') this.#ctx.selection.set(s.base);
		this.#idle();
	}

	#press(input: ToolPointerInput): void {
		const { selection, board } = this.#ctx;
		const zoom = this.#ctx.viewport.get().zoom;
		const box = boundsOfElements(selection.elements(), this.#ctx.textMeasure);
		const handle = box && !input.shift ? handleAtPoint(box, zoom, input) : null;
		if (box !== null && handle !== null) {
			this.state = {
				name: 'resizing',
				pointerId: input.pointerId,
				start: { x: input.x, y: input.y },
				handle,
				from: box,
				to: box,
				originals: selection.elements(),
				drag: new LiveDrag(board)
			};
			return;
		}
		const hit = topmostAt(board, input, zoom, this.#ctx.textMeasure);
		const editable = hit === null || hit.type === 'text' || hit.type === 'note';
		if (input.clicks >= 2 && editable) {
			// Double-click: edit the text or note there, or write new text on empty canvas.
			selection.set(hit === null ? [] : [hit.id]);
			openTextAt(this.#ctx, input);
			return;
		}
		const wasSelected = hit !== null && selection.has(hit.id);
		if (hit !== null && !wasSelected)
			selection.set(input.shift ? [...selection.ids, hit.id] : [hit.id]);
		const inBox = hit === null && !input.shift && box !== null && rectContainsPoint(box, input);
		if (hit === null && !input.shift && !inBox) selection.clear();
		this.state = {
			name: 'pointing',
			pointerId: input.pointerId,
			start: { x: input.x, y: input.y },
			screen: { x: input.sx, y: input.sy },
			hit,
			inBox,
			toggleOffOnUp: wasSelected && input.shift,
			shift: input.shift
		};
	}

	#pointing(s: Extract<State, { name: 'pointing' }>, input: ToolPointerInput): void {
		const { selection } = this.#ctx;
		if (input.type === 'pointerup') {
			if (s.hit !== null && s.toggleOffOnUp) selection.toggle(s.hit.id);
			else if (s.hit !== null && !s.shift) selection.set([s.hit.id]);
			else if (s.inBox) selection.clear();
			return this.#idle();
		}
		if (Math.hypot(input.sx - s.screen.x, input.sy - s.screen.y) < DRAG_THRESHOLD) return;
		if (s.hit === null && !s.inBox) {
			this.state = {
				name: 'brushing',
				pointerId: s.pointerId,
				start: s.start,
				marquee: rectFromPoints(s.start, input),
				base: selection.ids
			};
			this.#brush(this.state, s.shift);
			return;
		}
		this.state = {
			name: 'translating',
			pointerId: s.pointerId,
			start: s.start,
			ids: selection.ids,
			drag: new LiveDrag(this.#ctx.board),
			applied: { x: 0, y: 0 },
			target: { x: input.x - s.start.x, y: input.y - s.start.y }
		};
		this.#moved(input);
	}

	/** Translating or resizing: write in the coming frame, or now (the last write) on release. */
	#moved(input: ToolPointerInput): void {
		this.#frame.mark();
		if (input.type !== 'pointerup') return;
		this.#frame.flush();
		const s = this.state;
		if (s.name === 'translating' || s.name === 'resizing') s.drag.end();
		this.#idle();
	}

	#writeFrame(): void {
		const s = this.state;
		if (s.name === 'translating') {
			const dx = s.target.x - s.applied.x;
			const dy = s.target.y - s.applied.y;
			if (dx === 0 && dy === 0) return;
			s.drag.write(() => this.#ctx.board.moveBy(s.ids, dx, dy));
			s.applied = s.target;
		} else if (s.name === 'resizing') {
			const { originals, from, to } = s;
			s.drag.write(() => this.#resize(originals, from, to));
		}
	}

	#resize(originals: readonly BoardElement[], from: Rect, to: Rect): void {
		for (const el of originals) {
			try {
				this.#ctx.board.update(el.id, resizeElement(el, from, to, this.#ctx.textMeasure));
			} catch (error) {
				// Out of the schema's limits (e.g. squashed to nothing): keep its last valid shape.
				if (!(error instanceof RangeError)) throw error;
			}
		}
	}

	#brush(s: Extract<State, { name: 'brushing' }>, additive: boolean): void {
		const inside = this.#ctx.board
			.elements()
			.filter((el) => elementIntersectsRect(el, s.marquee, this.#ctx.textMeasure))
			.map((el) => el.id);
		this.#ctx.selection.set(additive ? [...s.base, ...inside] : inside);
		this.#ctx.invalidate();
	}

	#hover(input: ToolPointerInput): void {
		const { board, selection, textMeasure } = this.#ctx;
		const zoom = this.#ctx.viewport.get().zoom;
		const box = boundsOfElements(selection.elements(), textMeasure);
		const handle = box ? handleAtPoint(box, zoom, input) : null;
		const overSelection = box !== null && rectContainsPoint(box, input);
		this.#hoverCursor =
			handle !== null
				? handleCursor(handle)
				: overSelection || topmostAt(board, input, zoom, textMeasure) !== null
					? 'move'
					: 'default';
	}

	#idle(): void {
		const wasBrushing = this.state.name === 'brushing';
		this.state = { name: 'idle' };
		if (wasBrushing) this.#ctx.invalidate();
	}
}
