/**
 * What the tools show above the board. The ToolController composes it from the active tool and
 * the selection; the renderer reads it (through its getOverlay callback, typed by its own
 * OverlayView of the same shape) in the frame after invalidateOverlay().
 */
import type { BoardElement } from '$lib/board/elements';
import type { Point } from '$lib/geometry/point';
import type { Rect } from '$lib/geometry/rect';

export interface OverlayState {
	/** Element being drawn (not yet in the board). */
	draft: BoardElement | null;
	/** Selected ids: outline + resize handles. */
	selection: readonly string[];
	/** Board coords. */
	marquee: Rect | null;
	/** Ids not to draw on the static layer (e.g. text being edited). */
	hidden: readonly string[];
	/** Our laser pointer's trail, oldest first (board coords); empty without one. */
	laser: readonly Point[];
}

export const EMPTY_OVERLAY: Readonly<OverlayState> = Object.freeze({
	draft: null,
	selection: [],
	marquee: null,
	hidden: [],
	laser: []
});
