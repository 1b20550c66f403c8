/**
 * Input as tools see it: plain data, not DOM events, so every tool can be driven by unit tests
 * (and later by replayed input) without a browser.
 */
export type ToolPointerType = 'pointerdown' | 'pointermove' | 'pointerup' | 'pointercancel';

export interface ToolPointerInput {
	type: ToolPointerType;
	/** Distinguishes simultaneous pointers (fingers, pen + mouse). */
	pointerId: number;
	/** Board coordinates. */
	x: number;
	y: number;
	/**
	 * Screen coordinates (CSS px from the canvas's top-left). Panning moves the board under the
	 * pointer, so the hand tool works in these, not in board coordinates.
	 */
	sx: number;
	sy: number;
	/** 0..1 */
	pressure: number;
	shift: boolean;
	alt: boolean;
	/** Ctrl, or Cmd on macOS. */
	mod: boolean;
	/** 2 on the second press of a double-click (pointerdown only), else 1. */
	clicks: number;
}

/** A test/replay helper: an input with neutral modifiers. */
export function pointerInput(
	type: ToolPointerType,
	x: number,
	y: number,
	extra: Partial<ToolPointerInput> = {}
): ToolPointerInput {
	return {
		type,
		pointerId: 1,
		x,
		y,
		sx: x,
		sy: y,
		pressure: 0.5,
		shift: false,
		alt: false,
		mod: false,
		clicks: 1,
		...extra
	};
}
