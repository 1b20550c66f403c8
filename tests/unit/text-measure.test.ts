/**
 * One text measure for everything: what the tools pick, outline, grab and resize is the box the
 * renderer outlines and indexes, given the same measure.
 */
import { describe, expect, it } from 'vitest';
import {
	boundsOfElements,
	estimateTextSize,
	TEXT_LINE_HEIGHT,
	type TextMeasure
} from '../../src/lib/geometry/element-bounds';
import { expandRect } from '../../src/lib/geometry/rect';
import { LIGHT_THEME } from '../../src/lib/theme/theme';
import { OverlayLayer } from '../../src/lib/renderer/overlay-layer';
import { createTextMeasure, type MeasuringContext } from '../../src/lib/renderer/text-measure';
import { nodeScene } from './support/scene';
import { createHarness } from './tool-harness';

/** A measuring context whose glyphs are 1.5 em wide (far wider than the estimate's 0.6 em). */
function wideContext() {
	const calls: string[] = [];
	const ctx: MeasuringContext = {
		font: '',
		measureText(text: string) {
			calls.push(`${ctx.font}|${text}`);
			const size = parseFloat(ctx.font);
			return { width: [...text].length * size * 1.5 } as TextMetrics;
		}
	};
	return { ctx, calls };
}

describe('createTextMeasure', () => {
	it('measures the longest line in the element font, line boxes for the height', () => {
		const { ctx, calls } = wideContext();
		const measure = createTextMeasure(ctx);
		expect(measure('ab\nabcd\n', 20)).toEqual({ width: 120, height: 3 * 20 * TEXT_LINE_HEIGHT });
		expect(calls).toEqual([
			'20px system-ui, sans-serif|ab',
			'20px system-ui, sans-serif|abcd',
			'20px system-ui, sans-serif|'
		]);
	});

	it('measures each text and size once', () => {
		const { ctx, calls } = wideContext();
		const measure = createTextMeasure(ctx);
		const first = measure('hello', 16);
		expect(measure('hello', 16)).toBe(first);
		expect(calls).toHaveLength(1);
		expect(measure('hello', 32).width).toBe(2 * first.width);
		expect(measure('hello!', 16).width).toBeGreaterThan(first.width);
		expect(calls).toHaveLength(3);
	});

	it('falls back to the estimate where there is no canvas', () => {
		expect(createTextMeasure(null)).toBe(estimateTextSize);
		// Node has neither OffscreenCanvas nor document.
		expect(createTextMeasure()).toBe(estimateTextSize);
	});
});

/** A 2D context that records rect() calls and ignores every other call. */
function recordingCanvas(width: number, height: number) {
	const rects: number[][] = [];
	const state: Record<string | symbol, unknown> = {};
	const ctx = new Proxy(state, {
		get: (target, key) =>
			key === 'rect' ? (...args: number[]) => rects.push(args) : (target[key] ?? (() => {})),
		set: (target, key, value) => {
			target[key] = value;
			return true;
		}
	});
	const canvas = { width, height, getContext: () => ctx } as unknown as HTMLCanvasElement;
	return { canvas, rects };
}

describe('tools and renderer with the same text measure', () => {
	const measure: TextMeasure = createTextMeasure(wideContext().ctx);

	function setup() {
		const h = createHarness('select', undefined, measure);
		const id = h.board.add({
			type: 'text',
			x: 10,
			y: 20,
			text: 'WWWW\nxy',
			fontSize: 20,
			color: '#000000',
			width: 2
		});
		const el = h.board.get(id)!;
		const box = boundsOfElements([el], measure)!;
		return { h, id, el, box };
	}

	it('agree on the box: picked, outlined, grabbed and indexed where the text is painted', () => {
		const { h, id, el, box } = setup();
		// 4 glyphs of 1.5 em at 20 px; 2 lines. The estimate would end at x = 58.
		expect(box).toEqual({ minX: 10, minY: 20, maxX: 130, maxY: 70 });

		// Tools: a click on the measured ink far right of the estimate picks the text...
		h.down(120, 30);
		h.up(120, 30);
		expect(h.controller.overlay().selection).toEqual([id]);
		// ...and its selection box has a handle on the measured corner.
		h.down(130, 70);
		expect(h.controller.cursor).toBe('nwse-resize');
		h.controller.cancelGesture();

		// Renderer: the overlay outlines the same box (first rect: the union box; hairline 1 at
		// dpr 1, so edges on pixel centres).
		const { canvas, rects } = recordingCanvas(400, 300);
		new OverlayLayer(canvas, measure).draw(
			h.controller.overlay(),
			{ drafts: [], lasers: [] },
			h.board,
			{ cssWidth: 400, cssHeight: 300, dpr: 1, width: 400, height: 300, viewport: h.viewport },
			{ theme: LIGHT_THEME, ink: (c) => c }
		);
		expect(rects[0]).toEqual([10.5, 20.5, 120, 50]);

		// The static layer indexes it (culling, dirty regions) with the same box plus the
		// glyph overhang it allows for text.
		const scene = nodeScene(h.board, measure);
		scene.ensureIndexed();
		expect(scene.bounds(id)).toEqual(expandRect(box, el.type === 'text' ? el.fontSize * 0.1 : 0));
	});

	it('resize the text so that its measured box lands on the dragged box', () => {
		const { h, id } = setup();
		h.down(120, 30);
		h.up(120, 30);
		h.drag([
			[130, 70],
			[250, 120]
		]);
		const resized = h.board.get(id)!;
		expect(resized).toMatchObject({ x: 10, y: 20, fontSize: 40 });
		expect(boundsOfElements([resized], measure)).toEqual({
			minX: 10,
			minY: 20,
			maxX: 250,
			maxY: 120
		});
	});
});
