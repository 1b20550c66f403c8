/** The box around the selection: what the overlay outlines and where resize handles sit. */
import type { BoardElement } from '$lib/board/elements';
import { elementBounds } from '$lib/geometry/element-bounds';
import { unionRects, type Rect } from '$lib/geometry/rect';

export const selectionBounds = (elements: readonly BoardElement[]): Rect | null =>
	unionRects(elements.map((el) => elementBounds(el)));
