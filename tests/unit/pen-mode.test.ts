import { describe, expect, it } from 'vitest';
import { createHarness } from './tool-harness';

const touch = { touch: true, pan: false };
const pen = { touch: false, pan: false, pen: true };

describe('pen mode (palm rejection)', () => {
	it('touch draws until a pen is used; then a touch pans and only the pen draws', () => {
		const h = createHarness('pen');
		expect(h.controller.penMode).toBe(false);
		// A finger draws while no pen has been seen.
		h.controller.pointerDown(h.at('pointerdown', 10, 10, { pointerId: 1 }), touch);
		h.controller.pointerMove(h.at('pointermove', 60, 10, { pointerId: 1 }), true);
		h.controller.pointerEnd(h.at('pointerup', 60, 10, { pointerId: 1 }), true);
		expect(h.board.elementCount).toBe(1);

		// The pen draws, and turns pen mode on.
		h.controller.pointerDown(h.at('pointerdown', 10, 100, { pointerId: 2 }), pen);
		expect(h.controller.penMode).toBe(true);
		expect(h.controller.sawPen).toBe(true);
		// A palm lands while the pen draws: ignored, the stroke goes on and is kept.
		expect(h.controller.pointerDown(h.at('pointerdown', 300, 300, { pointerId: 3 }), touch)).toBe(
			false
		);
		h.controller.pointerMove(h.at('pointermove', 300, 330, { pointerId: 3 }), true);
		h.controller.pointerMove(h.at('pointermove', 80, 100, { pointerId: 2 }), false);
		h.controller.pointerEnd(h.at('pointerup', 80, 100, { pointerId: 2 }), false);
		h.controller.pointerEnd(h.at('pointerup', 300, 330, { pointerId: 3 }), true);
		expect(h.board.elementCount).toBe(2);

		// A finger now pans the view instead of drawing.
		const before = h.viewport;
		h.controller.pointerDown(h.at('pointerdown', 200, 200, { pointerId: 4 }), touch);
		h.controller.pointerMove(h.at('pointermove', 250, 230, { pointerId: 4 }), true);
		h.controller.pointerEnd(h.at('pointerup', 250, 230, { pointerId: 4 }), true);
		expect(h.board.elementCount).toBe(2);
		expect(h.viewport).not.toEqual(before);
	});

	it('can be turned off (touch draws again) and back on', () => {
		const h = createHarness('pen');
		h.controller.pointerDown(h.at('pointerdown', 0, 0, { pointerId: 1 }), pen);
		h.controller.pointerEnd(h.at('pointerup', 0, 0, { pointerId: 1 }), false);
		h.controller.setPenMode(false);
		expect(h.controller.penMode).toBe(false);
		h.controller.pointerDown(h.at('pointerdown', 10, 10, { pointerId: 2 }), touch);
		h.controller.pointerMove(h.at('pointermove', 60, 10, { pointerId: 2 }), true);
		h.controller.pointerEnd(h.at('pointerup', 60, 10, { pointerId: 2 }), true);
		expect(h.board.elementCount).toBe(2);
		h.controller.setPenMode(true);
		expect(h.controller.penMode).toBe(true);
	});
});
