/**
 * Where an element can leave ink, in board coordinates: the renderer indexes, culls and clears
 * dirty regions with it, so it must contain every painted pixel. It is geometry's elementBounds
 * plus what only the renderer knows: a pressed pen's outline is up to 1.5x the width, and glyphs
 * overhang their advance a little.
 */
import type { BoardElement } from '$lib/board/elements';
import { packedPoints } from '$lib/board/schema';
import { elementBounds, type TextMeasure } from '$lib/geometry/element-bounds';
import { expandRect, type Rect } from '$lib/geometry/rect';
import { PEN_MAX_RADIUS } from './freehand';

export function paintBounds(el: BoardElement, measure: TextMeasure): Rect {
	const bounds = freehandBounds(el) ?? elementBounds(el, measure);
	switch (el.type) {
		case 'pen':
			// elementBounds allows width / 2 around the points; perfect-freehand turns a single
			// point into a dot around it and a point one pixel further.
			return expandRect(bounds, el.width * (PEN_MAX_RADIUS - 0.5) + 1);
		case 'text':
			return expandRect(bounds, el.fontSize * 0.1);
		default:
			return bounds;
	}
}

/**
 * elementBounds of a freehand element read from the document, from the extent found when its
 * points were checked: the same box (width / 2 around the points, moved to x, y), without
 * decoding the points — indexing a whole board that just arrived decodes none of them.
 */
function freehandBounds(el: BoardElement): Rect | null {
	if (el.type !== 'pen' && el.type !== 'highlighter') return null;
	const packed = packedPoints(el);
	if (packed === undefined) return null;
	const local = expandRect(packed.extent, el.width / 2);
	return {
		minX: el.x + local.minX,
		minY: el.y + local.minY,
		maxX: el.x + local.maxX,
		maxY: el.y + local.maxY
	};
}
