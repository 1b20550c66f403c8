/**
 * The one text measure of a page: text sizes as the canvas draws them. The Whiteboard creates it
 * once and hands the same function to the renderer (culling, dirty regions), the tools (hit
 * testing, the selection box, resizing) and zoom-to-fit, so every box around a text is the box
 * of its ink.
 */
import { estimateTextSize, TEXT_LINE_HEIGHT, type TextMeasure } from '$lib/geometry/element-bounds';
import { textFont, textLines } from './element-drawing';

/** The part of a 2D context measuring needs. */
export type MeasuringContext = Pick<CanvasRenderingContext2D, 'font' | 'measureText'>;

/** Sizes kept; past this the cache starts again (a board rarely has this many texts). */
const CACHE_LIMIT = 2048;

/** A private 1×1 context: measuring must not disturb a context mid-frame. Null without a canvas. */
function measuringContext(): MeasuringContext | null {
	if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(1, 1).getContext('2d');
	if (typeof document !== 'undefined') return document.createElement('canvas').getContext('2d');
	return null;
}

/**
 * Canvas measureText of each line in the element font, cached per text and size: hit testing
 * measures every text under the pointer on every move. The font is a system font, so its metrics
 * never change under the cache. Where there is no canvas (Node), the estimate.
 * @param ctx the context to measure with (tests); default a private canvas
 */
export function createTextMeasure(ctx: MeasuringContext | null = measuringContext()): TextMeasure {
	if (ctx === null) return estimateTextSize;
	const measuring = ctx;
	const cache = new Map<string, { width: number; height: number }>();
	return (text, fontSize) => {
		const key = `${fontSize} ${text}`;
		const cached = cache.get(key);
		if (cached !== undefined) return cached;
		measuring.font = textFont(fontSize);
		const lines = textLines(text);
		let width = 0;
		for (const line of lines) width = Math.max(width, measuring.measureText(line).width);
		const size = Object.freeze({ width, height: lines.length * fontSize * TEXT_LINE_HEIGHT });
		if (cache.size >= CACHE_LIMIT) cache.clear();
		cache.set(key, size);
		return size;
	};
}
