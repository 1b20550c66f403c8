import { describe, expect, it } from 'vitest';
import type {
	BoardElement,
	FreehandElement,
	LinearElement,
	ShapeElement,
	TextElement
} from '../../src/lib/board/elements';
import {
	arrowHead,
	arrowHeadLength,
	elementBounds,
	estimateTextSize,
	TEXT_CHAR_WIDTH,
	TEXT_LINE_HEIGHT
} from '../../src/lib/geometry/element-bounds';
import { elementIntersectsRect, hitTestElement } from '../../src/lib/geometry/hit-test';
import { distanceToSegment } from '../../src/lib/geometry/point';
import {
	rectFromPoints,
	segmentIntersectsRect,
	unionRects,
	type Rect
} from '../../src/lib/geometry/rect';
import { resizeElement } from '../../src/lib/geometry/resize';

const r = (minX: number, minY: number, maxX: number, maxY: number): Rect => ({
	minX,
	minY,
	maxX,
	maxY
});
const base = { id: 'e', z: 1, createdAt: 0, color: '#000', width: 4 };

const pen = (
	points: Array<[number, number]>,
	over: Partial<FreehandElement> = {}
): FreehandElement => ({
	...base,
	type: 'pen',
	x: 100,
	y: 100,
	points: points.map(([x, y]) => ({ x, y, pressure: 0.5 })),
	...over
});
const line = (over: Partial<LinearElement> = {}): LinearElement => ({
	...base,
	type: 'line',
	x: 0,
	y: 0,
	dx: 100,
	dy: 0,
	...over
});
const shape = (over: Partial<ShapeElement> = {}): ShapeElement => ({
	...base,
	type: 'rectangle',
	x: 0,
	y: 0,
	w: 100,
	h: 50,
	fill: null,
	...over
});
const text = (over: Partial<TextElement> = {}): TextElement => ({
	...base,
	type: 'text',
	x: 10,
	y: 20,
	text: 'abcd\nab',
	fontSize: 20,
	...over
});

describe('rect helpers', () => {
	it('builds normalised rects from two corners and unions them', () => {
		expect(rectFromPoints({ x: 5, y: -1 }, { x: -3, y: 4 })).toEqual(r(-3, -1, 5, 4));
		expect(unionRects([r(0, 0, 1, 1), r(-2, 3, 0, 5)])).toEqual(r(-2, 0, 1, 5));
		expect(unionRects([])).toBeNull();
	});

	it('intersects segments with rects', () => {
		const box = r(0, 0, 10, 10);
		expect(segmentIntersectsRect({ x: -5, y: 5 }, { x: 15, y: 5 }, box)).toBe(true); // through
		expect(segmentIntersectsRect({ x: 2, y: 2 }, { x: 3, y: 3 }, box)).toBe(true); // inside
		expect(segmentIntersectsRect({ x: -5, y: 0 }, { x: 5, y: -10 }, box)).toBe(false); // misses
		expect(segmentIntersectsRect({ x: 11, y: 11 }, { x: 11, y: 11 }, box)).toBe(false);
		expect(segmentIntersectsRect({ x: 10, y: 10 }, { x: 10, y: 10 }, box)).toBe(true); // corner
	});

	it('measures distance to a segment', () => {
		expect(distanceToSegment({ x: 5, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(3);
		expect(distanceToSegment({ x: -3, y: 4 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(5);
		expect(distanceToSegment({ x: 3, y: 4 }, { x: 0, y: 0 }, { x: 0, y: 0 })).toBe(5);
	});
});

describe('elementBounds', () => {
	it('bounds freehand points relative to x, y plus half the width', () => {
		expect(
			elementBounds(
				pen([
					[0, 0],
					[10, -5],
					[20, 5]
				]),
				estimateTextSize
			)
		).toEqual(r(98, 93, 122, 107));
		expect(elementBounds(pen([[0, 0]], { width: 10 }), estimateTextSize)).toEqual(
			r(95, 95, 105, 105)
		);
	});

	it('bounds lines, and arrows including their head', () => {
		expect(elementBounds(line({ x: 10, y: 10, dx: -10, dy: 20 }), estimateTextSize)).toEqual(
			r(-2, 8, 12, 32)
		);
		const arrow = line({ type: 'arrow' });
		const head = arrowHeadLength(4);
		const [b1, b2] = arrowHead(arrow);
		expect(b1.x).toBeCloseTo(100 - head * Math.cos(Math.PI / 6));
		expect(Math.abs(b1.y)).toBeCloseTo(head / 2);
		expect(b2.y).toBeCloseTo(-b1.y);
		expect(elementBounds(arrow, estimateTextSize).minY).toBeCloseTo(-head / 2 - 2);
	});

	it('bounds shapes by their box plus half the width', () => {
		expect(
			elementBounds(shape({ type: 'ellipse', x: 5, y: 5, w: 10, h: 0 }), estimateTextSize)
		).toEqual(r(3, 3, 17, 7));
	});

	it('estimates text from the longest line and the line count, or uses a measure', () => {
		const size = estimateTextSize('abcd\nab', 20);
		expect(size.width).toBeCloseTo(4 * TEXT_CHAR_WIDTH * 20);
		expect(size.height).toBeCloseTo(2 * TEXT_LINE_HEIGHT * 20);
		expect(estimateTextSize('', 10)).toEqual({ width: 0, height: TEXT_LINE_HEIGHT * 10 });
		expect(estimateTextSize('😀😀', 10).width).toBeCloseTo(2 * TEXT_CHAR_WIDTH * 10);
		expect(elementBounds(text(), () => ({ width: 7, height: 9 }))).toEqual(r(10, 20, 17, 29));
	});
});

describe('hitTestElement', () => {
	it('hits freehand near the polyline within tolerance + width / 2', () => {
		const el = pen([
			[0, 0],
			[100, 0]
		]);
		expect(hitTestElement(el, { x: 150, y: 104.9 }, 3, estimateTextSize)).toBe(true);
		expect(hitTestElement(el, { x: 150, y: 105.1 }, 3, estimateTextSize)).toBe(false);
		expect(hitTestElement(el, { x: 203, y: 100 }, 3, estimateTextSize)).toBe(true);
		expect(hitTestElement(pen([[0, 0]]), { x: 103, y: 103 }, 3, estimateTextSize)).toBe(true);
	});

	it('hits lines and arrow heads', () => {
		expect(hitTestElement(line(), { x: 50, y: 4 }, 2, estimateTextSize)).toBe(true);
		expect(hitTestElement(line(), { x: 50, y: 4.1 }, 2, estimateTextSize)).toBe(false);
		const arrow = line({ type: 'arrow' });
		const [barb] = arrowHead(arrow);
		expect(hitTestElement(arrow, barb, 1, estimateTextSize)).toBe(true);
		expect(hitTestElement(line(), barb, 1, estimateTextSize)).toBe(false);
	});

	it('hits a hollow rectangle on its outline only, a filled one inside too', () => {
		const hollow = shape();
		expect(hitTestElement(hollow, { x: 50, y: 1 }, 1, estimateTextSize)).toBe(true);
		expect(hitTestElement(hollow, { x: 103, y: 25 }, 1, estimateTextSize)).toBe(true);
		expect(hitTestElement(hollow, { x: 50, y: 25 }, 1, estimateTextSize)).toBe(false);
		expect(hitTestElement(hollow, { x: 50, y: -3.5 }, 1, estimateTextSize)).toBe(false);
		expect(hitTestElement(shape({ fill: '#fff' }), { x: 50, y: 25 }, 1, estimateTextSize)).toBe(
			true
		);
	});

	it('hits an ellipse near its outline, or inside when filled', () => {
		const ell = shape({ type: 'ellipse', w: 200, h: 100 }); // centre (100, 50), radii 100, 50
		expect(hitTestElement(ell, { x: 100, y: 1 }, 1, estimateTextSize)).toBe(true);
		expect(hitTestElement(ell, { x: 202, y: 50 }, 1, estimateTextSize)).toBe(true);
		expect(hitTestElement(ell, { x: 204, y: 50 }, 1, estimateTextSize)).toBe(false);
		// On the outline at 45°: (100 + 100 cos t, 50 + 50 sin t).
		const t = Math.PI / 4;
		expect(
			hitTestElement(
				ell,
				{ x: 100 + 100 * Math.cos(t), y: 50 + 50 * Math.sin(t) },
				0.5,
				estimateTextSize
			)
		).toBe(true);
		expect(hitTestElement(ell, { x: 100, y: 50 }, 1, estimateTextSize)).toBe(false);
		expect(hitTestElement({ ...ell, fill: '#000' }, { x: 100, y: 50 }, 1, estimateTextSize)).toBe(
			true
		);
		expect(hitTestElement({ ...ell, fill: '#000' }, { x: 10, y: 10 }, 1, estimateTextSize)).toBe(
			false
		); // corner
		const flat = shape({ type: 'ellipse', h: 0 });
		expect(hitTestElement(flat, { x: 30, y: 3 }, 1, estimateTextSize)).toBe(true);
	});

	it('hits text inside its bounds', () => {
		expect(hitTestElement(text(), { x: 11, y: 21 }, 0, estimateTextSize)).toBe(true);
		expect(hitTestElement(text(), { x: 10 + 4 * 12 + 1, y: 21 }, 0, estimateTextSize)).toBe(false);
		expect(hitTestElement(text(), { x: 10 + 4 * 12 + 1, y: 21 }, 2, estimateTextSize)).toBe(true);
	});
});

describe('elementIntersectsRect', () => {
	it('needs freehand and lines to pass through the marquee, not just their bounds', () => {
		const diagonal = line({ dx: 100, dy: 100, width: 2 });
		expect(elementIntersectsRect(diagonal, r(40, 40, 60, 60), estimateTextSize)).toBe(true);
		expect(elementIntersectsRect(diagonal, r(70, 0, 100, 20), estimateTextSize)).toBe(false); // bounds only
		const stroke = pen([
			[0, 0],
			[50, 50],
			[100, 0]
		]);
		expect(elementIntersectsRect(stroke, r(140, 120, 160, 160), estimateTextSize)).toBe(true);
		expect(elementIntersectsRect(stroke, r(140, 100, 160, 120), estimateTextSize)).toBe(false);
		expect(elementIntersectsRect(stroke, r(300, 300, 400, 400), estimateTextSize)).toBe(false);
	});

	it('skips a hollow shape when the marquee sits inside it', () => {
		const inside = r(30, 15, 60, 35);
		expect(elementIntersectsRect(shape(), inside, estimateTextSize)).toBe(false);
		expect(elementIntersectsRect(shape(), r(-10, 20, 5, 30), estimateTextSize)).toBe(true);
		expect(elementIntersectsRect(shape({ fill: '#fff' }), inside, estimateTextSize)).toBe(true);
		const ell = shape({ type: 'ellipse', w: 200, h: 100 });
		expect(elementIntersectsRect(ell, r(80, 40, 120, 60), estimateTextSize)).toBe(false);
		expect(
			elementIntersectsRect({ ...ell, fill: '#fff' }, r(80, 40, 120, 60), estimateTextSize)
		).toBe(true);
		expect(elementIntersectsRect(ell, r(0, 0, 10, 10), estimateTextSize)).toBe(false); // corner, outside curve
		expect(elementIntersectsRect(ell, r(190, 40, 250, 60), estimateTextSize)).toBe(true);
	});

	it('selects text by its bounds', () => {
		expect(elementIntersectsRect(text(), r(0, 0, 12, 22), estimateTextSize)).toBe(true);
		expect(elementIntersectsRect(text(), r(0, 0, 9, 22), estimateTextSize)).toBe(false);
	});
});

describe('resizeElement', () => {
	it('scales a rectangle and normalises a flipped box', () => {
		const el = shape({ x: 10, y: 10, w: 20, h: 10 });
		const from = r(0, 0, 40, 40);
		expect(resizeElement(el, from, r(0, 0, 80, 20), estimateTextSize)).toEqual({
			x: 20,
			y: 5,
			w: 40,
			h: 5
		});
		// Dragged past the left edge: x scale -1.
		expect(resizeElement(el, from, r(0, 0, -40, 40), estimateTextSize)).toEqual({
			x: -30,
			y: 10,
			w: 20,
			h: 10
		});
	});

	it('scales freehand points (relative) and mirrors them when flipped', () => {
		const el = pen(
			[
				[0, 0],
				[10, 20]
			],
			{ x: 10, y: 10 }
		);
		const patch = resizeElement(el, r(10, 10, 20, 30), r(10, 10, 40, 20), estimateTextSize);
		expect(patch).toEqual({
			x: 10,
			y: 10,
			points: [
				{ x: 0, y: 0, pressure: 0.5 },
				{ x: 30, y: 10, pressure: 0.5 }
			]
		});
		const flipped = resizeElement(el, r(10, 10, 20, 30), r(20, 10, 10, 30), estimateTextSize);
		expect(flipped.x).toBe(20);
		expect(flipped.points?.[1]).toEqual({ x: -10, y: 20, pressure: 0.5 });
	});

	it('scales lines and arrows, and only translates along an axis with no extent', () => {
		const el = line({ x: 0, y: 5, dx: 10, dy: 0 });
		expect(resizeElement(el, r(0, 5, 10, 5), r(0, 15, 30, 15), estimateTextSize)).toEqual({
			x: 0,
			y: 15,
			dx: 30,
			dy: 0
		});
	});

	it('scales text by the geometric mean and clamps its font size', () => {
		const el = text({ fontSize: 20 });
		const b = elementBounds(el, estimateTextSize);
		const bigger = resizeElement(
			el,
			b,
			r(b.minX, b.minY, b.minX + 2 * (b.maxX - b.minX), b.maxY + (b.maxY - b.minY)),
			estimateTextSize
		);
		expect(bigger).toEqual({ x: 10, y: 20, fontSize: 40 });
		const tiny = resizeElement(el, b, r(0, 0, 0.1, 0.1), estimateTextSize);
		expect(tiny.fontSize).toBe(4);
	});

	it('keeps results within the schema limits', () => {
		const el: BoardElement = shape({ w: 100 });
		const patch = resizeElement(el, r(0, 0, 100, 50), r(0, 0, 1e9, 50), estimateTextSize);
		expect(patch.w).toBe(1e6);
	});
});
