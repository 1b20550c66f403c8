/**
 * The hand: idle -> panning -> idle. Works in screen coordinates: the board moves under the
 * pointer, so board coordinates of the same finger change while panning.
 */
import type { Point } from '$lib/geometry/point';
import type { Viewport } from '$lib/geometry/viewport';
import type { ToolContext } from '$lib/tools/context';
import { PointerTool, type Tool } from '$lib/tools/tool';
import type { ToolPointerInput } from '$lib/tools/tool-input';
import { panByScreen } from '$lib/tools/viewport/viewport-math';

type State =
	{ name: 'idle' } | { name: 'panning'; pointerId: number; start: Point; startViewport: Viewport };

export class HandTool extends PointerTool<State> implements Tool {
	readonly name = 'hand';
	protected state: State = { name: 'idle' };

	readonly #ctx: ToolContext;

	constructor(ctx: ToolContext) {
		super();
		this.#ctx = ctx;
	}

	get cursor(): string {
		return this.state.name === 'panning' ? 'grabbing' : 'grab';
	}

	handle(input: ToolPointerInput): void {
		const s = this.state;
		if (s.name === 'idle') {
			if (input.type !== 'pointerdown') return;
			this.state = {
				name: 'panning',
				pointerId: input.pointerId,
				start: { x: input.sx, y: input.sy },
				startViewport: { ...this.#ctx.viewport.get() }
			};
			return;
		}
		if (input.pointerId !== s.pointerId) return;
		if (input.type === 'pointercancel') return this.cancel();
		this.#ctx.viewport.set(
			panByScreen(s.startViewport, input.sx - s.start.x, input.sy - s.start.y)
		);
		if (input.type === 'pointerup') this.state = { name: 'idle' };
	}

	/** A cancelled pan stays where it got to: moving the view destroys nothing. */
	cancel(): void {
		this.state = { name: 'idle' };
	}
}
