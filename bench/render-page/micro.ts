// Temporary experiment.
import { elementOps } from '$lib/renderer/element-drawing';
import { paintOps } from '$lib/renderer/paint';
import { sceneStrokes } from './scene';

export function micro(): Record<string, number> {
	const strokes = [
		...sceneStrokes({ count: 800, points: 200, width: 1200, height: 700, seed: 5 })
	].map((s) => elementOps({ ...s, id: 'x', z: 0, createdAt: 0 } as never, () => new Path2D()));
	const pos = [...sceneStrokes({ count: 800, points: 2, width: 1200, height: 700, seed: 5 })];
	const out: Record<string, number> = {};
	for (const [name, wrf] of [
		['cpu', true],
		['default', false]
	] as const) {
		for (const read of ['none', 'px', 'full'] as const) {
			const c = new OffscreenCanvas(1280, 800);
			const ctx = c.getContext('2d', { alpha: false, willReadFrequently: wrf })!;
			const t = performance.now();
			for (let i = 0; i < strokes.length; i++) {
				const p = pos[i]!;
				ctx.setTransform(1, 0, 0, 1, p.x, p.y);
				paintOps(ctx, strokes[i]!, (x) => x);
			}
			const t1 = performance.now();
			if (read === 'px') ctx.getImageData(0, 0, 1, 1);
			if (read === 'full') ctx.getImageData(0, 0, 1280, 800);
			const t2 = performance.now();
			out[`${name}-${read}-record`] = Math.round(t1 - t);
			out[`${name}-${read}-read`] = Math.round(t2 - t1);
		}
	}
	return out;
}
