/**
 * Benchmark strokes: `count` pen strokes of `points` points each, deterministic (seeded random
 * walks with a slowly turning heading, like handwriting), spread over a `width` × `height` area.
 */
import type { ElementInput, StrokePoint } from '$lib/board/elements';

export interface SceneOptions {
	count: number;
	points: number;
	width: number;
	height: number;
	seed: number;
}

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const COLORS = ['#1e1e1e', '#1e1e1e', '#e03131', '#1971c2', '#2f9e44', '#f08c00'];

export function* sceneStrokes(o: SceneOptions): Generator<ElementInput> {
	const rnd = random(o.seed);
	for (let i = 0; i < o.count; i++) {
		// Half mouse (constant 0.5: simulated pressure), half pen with varying pressure.
		const mouse = i % 2 === 0;
		const points: StrokePoint[] = [];
		let x = 0;
		let y = 0;
		let heading = rnd() * Math.PI * 2;
		let pressure = 0.5;
		for (let p = 0; p < o.points; p++) {
			points.push({ x, y, pressure: mouse ? 0.5 : pressure });
			heading += (rnd() - 0.5) * 0.8;
			const step = 1.5 + rnd() * 2;
			x += Math.cos(heading) * step;
			y += Math.sin(heading) * step;
			pressure = Math.min(0.95, Math.max(0.2, pressure + (rnd() - 0.5) * 0.1));
		}
		yield {
			type: 'pen',
			x: rnd() * o.width,
			y: rnd() * o.height,
			color: COLORS[i % COLORS.length] ?? '#1e1e1e',
			width: 2 + Math.floor(rnd() * 5),
			points
		};
	}
}
