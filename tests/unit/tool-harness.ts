/**
 * A ToolController over a real Board (a real Y.Doc) with frames run by hand, for the tool tests.
 */
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board';
import { estimateTextSize, type TextMeasure } from '../../src/lib/geometry/element-bounds';
import type { Viewport } from '../../src/lib/geometry/viewport';
import type { ToolStyle } from '../../src/lib/tools/style';
import type { ToolName } from '../../src/lib/tools/tool';
import { ToolController } from '../../src/lib/tools/tool-controller';
import {
	pointerInput,
	type ToolPointerInput,
	type ToolPointerType
} from '../../src/lib/tools/tool-input';

export function createHarness(
	tool: ToolName,
	style: ToolStyle = { color: '#1971c2', width: 4 },
	textMeasure: TextMeasure = estimateTextSize
) {
	const board = new Board(new Y.Doc());
	let viewport: Viewport = { x: 0, y: 0, zoom: 1 };
	const frames: Array<() => void> = [];
	let invalidations = 0;
	const controller = new ToolController({
		board,
		viewport: {
			get: () => viewport,
			set: (v) => (viewport = { ...v }),
			size: () => ({ width: 800, height: 600 })
		},
		style: () => style,
		textMeasure,
		initialTool: tool,
		requestFrame: (callback) => frames.push(callback),
		onInvalidate: () => invalidations++
	});

	/** A pointer input whose screen position follows the viewport, like the browser's. */
	const at = (
		type: ToolPointerType,
		x: number,
		y: number,
		extra: Partial<ToolPointerInput> = {}
	): ToolPointerInput =>
		pointerInput(type, x, y, {
			sx: (x - viewport.x) * viewport.zoom,
			sy: (y - viewport.y) * viewport.zoom,
			...extra
		});

	return {
		board,
		controller,
		style,
		get viewport() {
			return viewport;
		},
		set viewport(v: Viewport) {
			viewport = v;
		},
		get invalidations() {
			return invalidations;
		},
		/** Runs the frame callbacks queued so far (requestAnimationFrame). */
		runFrames(): number {
			const queued = frames.splice(0);
			for (const callback of queued) callback();
			return queued.length;
		},
		down(x: number, y: number, extra: Partial<ToolPointerInput> = {}) {
			return controller.pointerDown(at('pointerdown', x, y, extra), { touch: false, pan: false });
		},
		move(x: number, y: number, extra: Partial<ToolPointerInput> = {}) {
			controller.pointerMove(at('pointermove', x, y, extra), false);
		},
		up(x: number, y: number, extra: Partial<ToolPointerInput> = {}) {
			controller.pointerEnd(at('pointerup', x, y, extra), false);
		},
		/** down, moves through `points`, up at the last one. */
		drag(points: Array<[number, number]>, extra: Partial<ToolPointerInput> = {}) {
			const [first, ...rest] = points;
			if (!first) throw new Error('no points');
			controller.pointerDown(at('pointerdown', first[0], first[1], extra), {
				touch: false,
				pan: false
			});
			for (const [x, y] of rest) controller.pointerMove(at('pointermove', x, y, extra), false);
			const last = rest[rest.length - 1] ?? first;
			controller.pointerEnd(at('pointerup', last[0], last[1], extra), false);
		},
		at
	};
}

/** Adds elements directly, as another peer or an earlier session would have. */
export function addRect(board: Board, x: number, y: number, w = 100, h = 50): string {
	return board.add({ type: 'rectangle', x, y, w, h, color: '#000000', width: 2, fill: null });
}
