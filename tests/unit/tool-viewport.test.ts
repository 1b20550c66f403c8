import { describe, expect, it } from 'vitest';
import { screenToBoard } from '../../src/lib/geometry/viewport';
import { PinchGesture } from '../../src/lib/tools/viewport/pinch-gesture';
import {
	applyWheel,
	MAX_ZOOM,
	MIN_ZOOM,
	zoomAt,
	zoomToFit
} from '../../src/lib/tools/viewport/viewport-math';
import { addRect, createHarness } from './tool-harness';

describe('hand tool', () => {
	it('dragging pans the view and changes nothing on the board', () => {
		const h = createHarness('hand');
		addRect(h.board, 0, 0);
		const updates: unknown[] = [];
		h.board.doc.on('update', (u: unknown) => updates.push(u));
		// Screen positions are what the pointer gives; board ones shift as the view pans.
		const screen = (sx: number, sy: number) => ({ sx, sy });
		h.down(100, 100, screen(100, 100));
		h.move(0, 0, screen(130, 90)); // the board follows the pointer
		expect(h.viewport).toEqual({ x: -30, y: 10, zoom: 1 });
		h.move(0, 0, screen(150, 150));
		h.up(0, 0, screen(150, 150));
		expect(h.viewport).toEqual({ x: -50, y: -50, zoom: 1 });
		expect(updates).toEqual([]);
		expect(h.board.canUndo).toBe(true); // only the rectangle's add
	});

	it('the middle button pans with any tool', () => {
		const h = createHarness('pen');
		const down = h.at('pointerdown', 10, 10);
		expect(h.controller.pointerDown(down, { touch: false, pan: true })).toBe(true);
		h.move(30, 10, { sx: 30 });
		h.up(30, 10, { sx: 30 });
		expect(h.viewport.x).toBe(-20);
		expect(h.board.elementCount).toBe(0);
	});
});

describe('viewport math', () => {
	it('zoomAt keeps the point under the cursor and clamps to 0.1..8', () => {
		const v = { x: 10, y: 20, zoom: 1 };
		const screen = { x: 300, y: 200 };
		const before = screenToBoard(v, screen);
		const z = zoomAt(v, screen, 2.5);
		expect(screenToBoard(z, screen).x).toBeCloseTo(before.x, 9);
		expect(screenToBoard(z, screen).y).toBeCloseTo(before.y, 9);
		expect(zoomAt(v, screen, 100).zoom).toBe(MAX_ZOOM);
		expect(zoomAt(v, screen, 0.001).zoom).toBe(MIN_ZOOM);
	});

	it('wheel pans; ctrl+wheel (and trackpad pinch) zooms around the pointer', () => {
		const v = { x: 0, y: 0, zoom: 1 };
		expect(applyWheel(v, { x: 0, y: 100 }, { x: 0, y: 0 }, { zoom: false, shift: false })).toEqual({
			x: 0,
			y: 100,
			zoom: 1
		});
		expect(
			applyWheel(v, { x: 0, y: 100 }, { x: 0, y: 0 }, { zoom: false, shift: true })
		).toMatchObject({ x: 100, y: 0 });
		const zoomed = applyWheel(v, { x: 0, y: -100 }, { x: 50, y: 50 }, { zoom: true, shift: false });
		expect(zoomed.zoom).toBeGreaterThan(1);
		expect(screenToBoard(zoomed, { x: 50, y: 50 }).x).toBeCloseTo(50, 9);
	});

	it('zoom to fit centres the content, never zooming in past 100%', () => {
		const fit = zoomToFit({ minX: 0, minY: 0, maxX: 4000, maxY: 1000 }, 1000, 800);
		expect(fit.zoom).toBeCloseTo((1000 - 96) / 4000, 9);
		expect(screenToBoard(fit, { x: 500, y: 400 })).toEqual({ x: 2000, y: 500 });
		expect(zoomToFit({ minX: 0, minY: 0, maxX: 10, maxY: 10 }, 1000, 800).zoom).toBe(1);
		expect(zoomToFit(null, 1000, 800)).toEqual({ x: 0, y: 0, zoom: 1 });
	});

	it('two fingers pan and pinch-zoom about their midpoint', () => {
		const pinch = new PinchGesture();
		const v = { x: 0, y: 0, zoom: 1 };
		expect(pinch.down(1, { x: 100, y: 100 }, v)).toBe(false);
		expect(pinch.down(2, { x: 200, y: 100 }, v)).toBe(true);
		const spread = pinch.move(2, { x: 300, y: 100 });
		expect(spread?.zoom).toBeCloseTo(2, 9);
		// The board point first under the midpoint (150, 100) is under the new midpoint (200, 100).
		expect(screenToBoard(spread!, { x: 200, y: 100 })).toEqual({ x: 150, y: 100 });
		pinch.up(1);
		expect(pinch.active).toBe(false);
	});

	it('a second touch cancels the stroke the first one started and pinches instead', () => {
		const h = createHarness('pen');
		const touch = (type: 'pointerdown' | 'pointermove' | 'pointerup', id: number, x: number) =>
			h.at(type, x, 100, { pointerId: id, sx: x, sy: 100 });
		h.controller.pointerDown(touch('pointerdown', 1, 100), { touch: true, pan: false });
		h.controller.pointerMove(touch('pointermove', 1, 110), true);
		expect(h.controller.overlay().draft).not.toBeNull();
		h.controller.pointerDown(touch('pointerdown', 2, 200), { touch: true, pan: false });
		expect(h.controller.overlay().draft).toBeNull();
		h.controller.pointerMove(touch('pointermove', 2, 290), true); // 90 px apart -> 180
		expect(h.viewport.zoom).toBeCloseTo(2, 9);
		h.controller.pointerEnd(touch('pointerup', 2, 290), true);
		// The finger left over does not start drawing.
		h.controller.pointerMove(touch('pointermove', 1, 50), true);
		h.controller.pointerEnd(touch('pointerup', 1, 50), true);
		expect(h.board.elementCount).toBe(0);
	});
});
