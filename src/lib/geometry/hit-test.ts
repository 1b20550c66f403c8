/**
 * Picking elements: under a point (click, eraser) and inside a rectangle (marquee). Distances and
 * tolerances are in board px; a tool divides its screen-space tolerance by the zoom.
 */
import type {
	BoardElement,
	FreehandElement,
	LinearElement,
	ShapeElement
} from '$lib/board/elements';
import { absolutePoints, arrowHead, elementBounds, type TextMeasure } from './element-bounds';
import { distanceToSegment, type Point } from './point';
import {
	expandRect,
	rectContainsPoint,
	rectContainsRect,
	rectsIntersect,
	segmentIntersectsRect,
	type Rect
} from './rect';

/** True if `p` is on the element: within `tolerance` of what it paints, or inside a filled shape. */
export function hitTestElement(
	el: BoardElement,
	p: Point,
	tolerance: number,
	measure: TextMeasure
): boolean {
	if (!rectContainsPoint(expandRect(elementBounds(el, measure), tolerance), p)) return false;
	const reach = tolerance + el.width / 2;
	switch (el.type) {
		case 'pen':
		case 'highlighter':
		case 'line':
		case 'arrow':
			return segmentsOf(el).some(([a, b]) => distanceToSegment(p, a, b) <= reach);
		case 'rectangle': {
			const box = shapeBox(el);
			if (el.fill !== null && rectContainsPoint(box, p)) return true;
			return distanceToRectOutline(p, box) <= reach;
		}
		case 'ellipse': {
			const { cx, cy, rx, ry } = ellipseOf(el);
			const local = { x: p.x - cx, y: p.y - cy };
			if (el.fill !== null && insideEllipse(local, rx, ry)) return true;
			return distanceToEllipse(local, rx, ry) <= reach;
		}
		case 'text':
		case 'note':
		case 'image':
			return true; // inside its (expanded) bounds: a note is all paper, an image all picture
	}
}

/**
 * True if the element shows inside `rect` (marquee): its bounds intersect and some of what it
 * paints lies inside. A hollow shape around the whole marquee is not selected.
 */
export function elementIntersectsRect(el: BoardElement, rect: Rect, measure: TextMeasure): boolean {
	if (!rectsIntersect(elementBounds(el, measure), rect)) return false;
	const half = el.width / 2;
	switch (el.type) {
		case 'pen':
		case 'highlighter':
		case 'line':
		case 'arrow': {
			const grown = expandRect(rect, half);
			return segmentsOf(el).some(([a, b]) => segmentIntersectsRect(a, b, grown));
		}
		case 'rectangle':
			// Bounds intersect, so the outline is inside unless the marquee sits in the hollow.
			return el.fill !== null || !rectContainsRect(expandRect(shapeBox(el), -half), rect);
		case 'ellipse': {
			const { cx, cy, rx, ry } = ellipseOf(el);
			const local = {
				minX: rect.minX - cx,
				minY: rect.minY - cy,
				maxX: rect.maxX - cx,
				maxY: rect.maxY - cy
			};
			if (!ellipseIntersectsRect(local, rx + half, ry + half)) return false;
			if (el.fill !== null || rx <= half || ry <= half) return true;
			const corners = [
				{ x: local.minX, y: local.minY },
				{ x: local.maxX, y: local.minY },
				{ x: local.minX, y: local.maxY },
				{ x: local.maxX, y: local.maxY }
			];
			// The ellipse is convex: the marquee is in the hollow iff all its corners are.
			return !corners.every((c) => insideEllipse(c, rx - half, ry - half));
		}
		case 'text':
		case 'note':
		case 'image':
			return true;
	}
}

type Segment = readonly [Point, Point];

/** The segments an open element paints (a single point is a zero-length segment). */
function segmentsOf(el: FreehandElement | LinearElement): Segment[] {
	if ('points' in el) {
		const points = absolutePoints(el);
		if (points.length === 1) return [[points[0]!, points[0]!]];
		return points.slice(1).map((b, i) => [points[i]!, b] as const);
	}
	const start = { x: el.x, y: el.y };
	const tip = { x: el.x + el.dx, y: el.y + el.dy };
	const segments: Segment[] = [[start, tip]];
	if (el.type === 'arrow') for (const barb of arrowHead(el)) segments.push([tip, barb]);
	return segments;
}

const shapeBox = (el: ShapeElement): Rect => ({
	minX: el.x,
	minY: el.y,
	maxX: el.x + el.w,
	maxY: el.y + el.h
});

const ellipseOf = (el: ShapeElement) => ({
	cx: el.x + el.w / 2,
	cy: el.y + el.h / 2,
	rx: el.w / 2,
	ry: el.h / 2
});

function distanceToRectOutline(p: Point, r: Rect): number {
	const outsideX = Math.max(r.minX - p.x, 0, p.x - r.maxX);
	const outsideY = Math.max(r.minY - p.y, 0, p.y - r.maxY);
	if (outsideX > 0 || outsideY > 0) return Math.hypot(outsideX, outsideY);
	return Math.min(p.x - r.minX, r.maxX - p.x, p.y - r.minY, r.maxY - p.y);
}

/** `p` relative to the centre. */
const insideEllipse = (p: Point, rx: number, ry: number): boolean =>
	rx > 0 && ry > 0 && (p.x / rx) ** 2 + (p.y / ry) ** 2 <= 1;

/**
 * Distance from `p` (relative to the centre) to the ellipse's outline. Iterates the closest
 * point in the first quadrant (trig-free, converges in a few steps; after "0xfaded").
 */
function distanceToEllipse(p: Point, rx: number, ry: number): number {
	if (rx <= 1e-9 || ry <= 1e-9) {
		// Degenerate: a segment along the longer axis.
		return distanceToSegment(p, { x: -rx, y: -ry }, { x: rx, y: ry });
	}
	const px = Math.abs(p.x);
	const py = Math.abs(p.y);
	let tx = Math.SQRT1_2;
	let ty = Math.SQRT1_2;
	for (let i = 0; i < 4; i++) {
		const ex = ((rx * rx - ry * ry) * tx ** 3) / rx;
		const ey = ((ry * ry - rx * rx) * ty ** 3) / ry;
		const r = Math.hypot(rx * tx - ex, ry * ty - ey);
		const q = Math.hypot(px - ex, py - ey);
		if (q === 0) break;
		tx = Math.min(1, Math.max(0, ((px - ex) * r) / q + ex) / rx);
		ty = Math.min(1, Math.max(0, ((py - ey) * r) / q + ey) / ry);
		const t = Math.hypot(tx, ty);
		tx /= t;
		ty /= t;
	}
	return Math.hypot(px - rx * tx, py - ry * ty);
}

/**
 * Whether a filled ellipse (centred at the origin) meets a rectangle. Scaling by 1/rx, 1/ry turns
 * it into the unit circle and keeps the rectangle axis-aligned, where the closest point is exact.
 */
function ellipseIntersectsRect(r: Rect, rx: number, ry: number): boolean {
	if (rx <= 0 || ry <= 0) return rectsIntersect(r, { minX: -rx, minY: -ry, maxX: rx, maxY: ry });
	const nearestX = Math.max(r.minX, Math.min(0, r.maxX)) / rx;
	const nearestY = Math.max(r.minY, Math.min(0, r.maxY)) / ry;
	return nearestX * nearestX + nearestY * nearestY <= 1;
}
