/**
 * Pointer input as tools see it: plain data in board coordinates, not DOM events, so tools can
 * be driven by tests (and later by replayed input) without a browser.
 */
export type ToolPointerType = 'pointerdown' | 'pointermove' | 'pointerup' | 'pointercancel';

export interface ToolPointerInput {
	type: ToolPointerType;
	/** Distinguishes simultaneous pointers (fingers, pen + mouse). */
	pointerId: number;
	x: number;
	y: number;
	/** 0..1 */
	pressure: number;
}
