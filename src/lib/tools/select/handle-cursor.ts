import type { HandleName } from '$lib/geometry/selection-handles';

const CURSORS: Record<HandleName, string> = {
	nw: 'nwse-resize',
	se: 'nwse-resize',
	ne: 'nesw-resize',
	sw: 'nesw-resize',
	n: 'ns-resize',
	s: 'ns-resize',
	e: 'ew-resize',
	w: 'ew-resize'
};

/** CSS cursor for hovering or dragging a handle. */
export const handleCursor = (name: HandleName): string => CURSORS[name];
