/**
 * Translates DOM PointerEvents into ToolPointerInputs. The only tool module that knows the DOM.
 */
import type { Point } from '$lib/geometry/point';
import { isApplePlatform } from '$lib/platform';
import { screenToBoard, type Viewport } from '$lib/geometry/viewport';
import type { ToolPointerInput, ToolPointerType } from './tool-input';

/** Mice report 0 (hovering) or 0.5 (pressed); some touch screens report 0 while touching. */
export const DEFAULT_PRESSURE = 0.5;

export function pressureOf(event: PointerEvent): number {
	if (event.pointerType === 'mouse' || !(event.pressure > 0)) return DEFAULT_PRESSURE;
	return Math.min(1, event.pressure);
}

/** Ctrl, or Cmd on Apple platforms (where Ctrl+click is a right click). */
export const modKey = (event: KeyboardEvent | MouseEvent): boolean =>
	isApplePlatform() ? event.metaKey : event.ctrlKey;

/**
 * One input per sample. For moves the browser may have batched several hardware samples into
 * one event per frame; getCoalescedEvents() recovers them for smoother, more faithful strokes.
 * @param canvasOrigin the canvas's top-left in client coordinates
 */
export function toolInputsFromEvent(
	event: PointerEvent,
	type: ToolPointerType,
	canvasOrigin: Point,
	viewport: Viewport,
	clicks = 1
): ToolPointerInput[] {
	const coalesced =
		type === 'pointermove' && typeof event.getCoalescedEvents === 'function'
			? event.getCoalescedEvents()
			: [];
	const samples = coalesced.length > 0 ? coalesced : [event];
	const mod = modKey(event);
	return samples.map((sample) => {
		const screen = { x: sample.clientX - canvasOrigin.x, y: sample.clientY - canvasOrigin.y };
		const board = screenToBoard(viewport, screen);
		return {
			type,
			pointerId: event.pointerId,
			x: board.x,
			y: board.y,
			sx: screen.x,
			sy: screen.y,
			pressure: pressureOf(sample),
			shift: event.shiftKey,
			alt: event.altKey,
			mod,
			clicks
		};
	});
}

/** Longest gap between the presses of a double-click, ms. */
export const DOUBLE_CLICK_MS = 500;
/** Farthest the second press may land from the first, CSS px. */
export const DOUBLE_CLICK_SLOP = 6;

/**
 * Counts presses for double-click detection. PointerEvent.detail is 0 in Chromium, and the DOM
 * dblclick event comes after the second release, too late for the tool that got the press.
 */
export class ClickCounter {
	#last: { t: number; x: number; y: number; count: number } | null = null;

	press(t: number, x: number, y: number): number {
		const last = this.#last;
		const near =
			last !== null &&
			t - last.t <= DOUBLE_CLICK_MS &&
			Math.hypot(x - last.x, y - last.y) <= DOUBLE_CLICK_SLOP;
		const count = near ? last.count + 1 : 1;
		this.#last = { t, x, y, count };
		return count;
	}
}
