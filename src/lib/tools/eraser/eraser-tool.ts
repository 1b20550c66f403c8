/**
 * The eraser: idle -> erasing -> idle. Elements the pointer passes over are hidden at once (the
 * overlay's `hidden` list) and removed together on release: one transaction, one undo step per
 * drag. Cancelling brings them back untouched.
 */
import type { Point } from '$lib/geometry/point';
import type { ToolContext } from '$lib/tools/context';
import { elementsAlong, PICK_TOLERANCE } from '$lib/tools/pick';
import { PointerTool, type Tool } from '$lib/tools/tool';
import type { ToolPointerInput } from '$lib/tools/tool-input';

type State =
	{ name: 'idle' } | { name: 'erasing'; pointerId: number; last: Point; erased: Set<string> };

export class EraserTool extends PointerTool<State> implements Tool {
	readonly name = 'eraser';
	protected state: State = { name: 'idle' };
	#hidden: readonly string[] = [];

	readonly #ctx: ToolContext;

	constructor(ctx: ToolContext) {
		super();
		this.#ctx = ctx;
	}

	get cursor(): string {
		return 'cell';
	}

	override get hidden(): readonly string[] {
		return this.#hidden;
	}

	handle(input: ToolPointerInput): void {
		const s = this.state;
		const p = { x: input.x, y: input.y };
		if (s.name === 'idle') {
			if (input.type !== 'pointerdown') return;
			this.state = { name: 'erasing', pointerId: input.pointerId, last: p, erased: new Set() };
			this.#erase(p);
			return;
		}
		if (input.pointerId !== s.pointerId) return;
		switch (input.type) {
			case 'pointermove':
				this.#erase(p);
				return;
			case 'pointerup': {
				this.#erase(p);
				const ids = [...s.erased];
				this.cancel();
				this.#ctx.board.remove(ids);
				return;
			}
			case 'pointercancel':
				this.cancel();
				return;
		}
	}

	cancel(): void {
		if (this.state.name === 'idle') return;
		this.state = { name: 'idle' };
		this.#hidden = [];
		this.#ctx.invalidate();
	}

	#erase(p: Point): void {
		const s = this.state;
		if (s.name !== 'erasing') return;
		const tolerance = PICK_TOLERANCE / this.#ctx.viewport.get().zoom;
		const { board, textMeasure } = this.#ctx;
		const hits = elementsAlong(board, s.last, p, tolerance, s.erased, textMeasure);
		s.last = p;
		if (hits.length === 0) return;
		for (const id of hits) s.erased.add(id);
		this.#hidden = [...s.erased];
		this.#ctx.invalidate();
	}
}
