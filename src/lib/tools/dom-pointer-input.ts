/**
 * Translates DOM PointerEvents into ToolPointerInputs in board coordinates.
 */
import type { Point } from '$lib/geometry/point';
import { screenToBoard, type Viewport } from '$lib/geometry/viewport';
import type { ToolPointerInput, ToolPointerType } from './tool-input';

/** Mice report 0 (hovering) or 0.5 (pressed); some touch screens report 0 while touching. */
export const DEFAULT_PRESSURE = 0.5;

export function pressureOf(event: PointerEvent): number {
	if (event.pointerType === 'mouse' || !(event.pressure > 0)) return DEFAULT_PRESSURE;
	return Math.min(1, event.pressure);
}

/**
 * One input per sample. For moves the browser may have batched several hardware samples into
 * one event per frame; getCoalescedEvents() recovers them for smoother, more faithful strokes.
 * @param canvasOrigin the canvas's top-left in client coordinates
 */
export function toolInputsFromEvent(
	event: PointerEvent,
	type: ToolPointerType,
	canvasOrigin: Point,
	viewport: Viewport
): ToolPointerInput[] {
	const coalesced =
		type === 'pointermove' && typeof event.getCoalescedEvents === 'function'
			? event.getCoalescedEvents()
			: [];
	const samples = coalesced.length > 0 ? coalesced : [event];
	return samples.map((sample) => {
		const board = screenToBoard(viewport, {
			x: sample.clientX - canvasOrigin.x,
			y: sample.clientY - canvasOrigin.y
		});
		return {
			type,
			pointerId: event.pointerId,
			x: board.x,
			y: board.y,
			pressure: pressureOf(sample)
		};
	});
}
