import { describe, expect, it } from 'vitest';
import type { Point } from '../../src/lib/geometry/point';
import { DraftShare } from '../../src/lib/tools/draft-share';
import { LASER_FADE_MS, LaserTool } from '../../src/lib/tools/laser/laser-tool';
import { createHarness } from './tool-harness';

function laserHarness() {
	const h = createHarness('laser');
	let clock = 1_000;
	const tool = new LaserTool(h.controller.context, () => clock);
	return {
		h,
		tool,
		advance(ms: number) {
			clock += ms;
			h.runFrames();
		}
	};
}

describe('laser pointer', () => {
	it('leaves a trail while pressed that fades away after the pointer stops, writing nothing', () => {
		const { h, tool, advance } = laserHarness();
		tool.handle(h.at('pointerdown', 10, 10));
		advance(100);
		tool.handle(h.at('pointermove', 20, 10));
		advance(100);
		tool.handle(h.at('pointermove', 30, 10));
		expect(tool.laser).toEqual([
			{ x: 10, y: 10 },
			{ x: 20, y: 10 },
			{ x: 30, y: 10 }
		]);
		expect(tool.stateName).toBe('pointing');
		tool.handle(h.at('pointerup', 30, 10));
		expect(tool.stateName).toBe('fading');
		// The oldest point goes first, then the rest as each reaches its age.
		advance(LASER_FADE_MS - 200 + 1);
		expect(tool.laser).toEqual([
			{ x: 20, y: 10 },
			{ x: 30, y: 10 }
		]);
		advance(200);
		expect(tool.laser).toEqual([]);
		expect(tool.stateName).toBe('idle');
		// No frame is asked for once the trail is gone.
		expect(h.runFrames()).toBe(0);
		expect(h.board.elementCount).toBe(0);
		expect(h.board.canUndo).toBe(false);
	});

	it('moves without a press leave no trail; cancel clears it at once', () => {
		const { h, tool, advance } = laserHarness();
		tool.handle(h.at('pointermove', 5, 5));
		expect(tool.laser).toEqual([]);
		tool.handle(h.at('pointerdown', 5, 5));
		advance(16);
		tool.cancel();
		expect(tool.laser).toEqual([]);
	});

	it('is the K tool, and its trail is in the overlay', () => {
		const h = createHarness('laser');
		h.down(1, 2);
		expect(h.controller.overlay().laser).toEqual([{ x: 1, y: 2 }]);
		h.controller.setTool('pen');
		expect(h.controller.overlay().laser).toEqual([]);
	});

	it('is shared with peers to a tenth of a pixel, and as null once gone', () => {
		let laser: readonly Point[] = [];
		const share = new DraftShare({ get: () => undefined }, () => ({ draft: null, laser }));
		expect(share.read().laser).toBeNull();
		laser = [
			{ x: 1.234, y: -5.678 },
			{ x: 2, y: 3 }
		];
		const first = share.read();
		expect(first.laser).toEqual([
			[1.2, -5.7],
			[2, 3]
		]);
		expect(share.read()).toBe(first);
		laser = [];
		expect(share.read().laser).toBeNull();
	});
});
