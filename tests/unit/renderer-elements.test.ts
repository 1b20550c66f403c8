import { describe, expect, it } from 'vitest';
import type { BoardElement, FreehandElement, StrokePoint } from '../../src/lib/board/elements';
import { elementBounds, estimateTextSize } from '../../src/lib/geometry/element-bounds';
import { ElementRenderCache, sameLocalShape } from '../../src/lib/renderer/element-cache';
import { elementOps, textFont, type PathOp } from '../../src/lib/renderer/element-drawing';
import { HIGHLIGHTER_ALPHA } from '../../src/lib/renderer/freehand';
import { paintBounds } from '../../src/lib/renderer/paint-bounds';
import type { PathSink } from '../../src/lib/renderer/path-sink';

/** Records the box of every point a tracer visits (control points included). */
class BoxPath implements PathSink {
	minX = Infinity;
	minY = Infinity;
	maxX = -Infinity;
	maxY = -Infinity;
	commands = 0;
	private add(x: number, y: number) {
		this.minX = Math.min(this.minX, x);
		this.minY = Math.min(this.minY, y);
		this.maxX = Math.max(this.maxX, x);
		this.maxY = Math.max(this.maxY, y);
		this.commands++;
	}
	moveTo(x: number, y: number) {
		this.add(x, y);
	}
	lineTo(x: number, y: number) {
		this.add(x, y);
	}
	quadraticCurveTo(cx: number, cy: number, x: number, y: number) {
		this.add(cx, cy);
		this.add(x, y);
	}
	ellipse(x: number, y: number, rx: number, ry: number) {
		this.add(x - rx, y - ry);
		this.add(x + rx, y + ry);
	}
	closePath() {}
}

const base = { id: 'e1', x: 100, y: 50, z: 1, createdAt: 0, color: '#1e1e1e', width: 4 };
const walk = (n: number, pressure: (i: number) => number): StrokePoint[] =>
	Array.from({ length: n }, (_, i) => ({
		x: Math.cos(i / 3) * 30 + i,
		y: Math.sin(i / 5) * 20,
		pressure: pressure(i)
	}));

const samples: BoardElement[] = [
	{ ...base, type: 'pen', points: walk(40, () => 0.5) },
	{ ...base, type: 'pen', width: 12, points: walk(40, (i) => (i % 3 ? 1 : 0)) },
	{ ...base, type: 'pen', points: [{ x: 0, y: 0, pressure: 0.5 }] },
	{ ...base, type: 'highlighter', width: 20, points: walk(30, () => 0.5) },
	{ ...base, type: 'highlighter', width: 20, points: [{ x: 3, y: 4, pressure: 0.5 }] },
	{ ...base, type: 'line', dx: -60, dy: 25 },
	{ ...base, type: 'line', dx: 0, dy: 0 },
	{ ...base, type: 'arrow', dx: 80, dy: -40, width: 6 },
	{ ...base, type: 'arrow', dx: 5, dy: 0, width: 30 },
	{ ...base, type: 'rectangle', w: 40, h: 30, fill: '#ffcc00' },
	{ ...base, type: 'ellipse', w: 40, h: 0, fill: null }
];

describe('element drawing', () => {
	it('fills a pen outline, strokes a highlighter once, translucent with flat ends', () => {
		const [pen] = elementOps(samples[0] as BoardElement, () => new BoxPath(), estimateTextSize);
		expect(pen).toMatchObject({ kind: 'fill', color: '#1e1e1e', alpha: 1 });
		const ops = elementOps(samples[3] as BoardElement, () => new BoxPath(), estimateTextSize);
		expect(ops).toHaveLength(1);
		expect(ops[0]).toMatchObject({
			kind: 'stroke',
			alpha: HIGHLIGHTER_ALPHA,
			lineWidth: 20,
			lineCap: 'butt'
		});
		// A single tap is a filled square of the width.
		expect(
			elementOps(samples[4] as BoardElement, () => new BoxPath(), estimateTextSize)[0]
		).toMatchObject({
			kind: 'fill',
			alpha: HIGHLIGHTER_ALPHA
		});
	});

	it('draws an arrow as one stroked path: shaft and both barbs', () => {
		const ops = elementOps(samples[7] as BoardElement, () => new BoxPath(), estimateTextSize);
		expect(ops).toHaveLength(1);
		expect(ops[0]).toMatchObject({ kind: 'stroke', lineCap: 'round', lineWidth: 6 });
		expect((ops[0] as PathOp<BoxPath>).path.commands).toBe(5);
	});

	it('fills a shape under its outline only when it has a fill', () => {
		const filled = elementOps(samples[9] as BoardElement, () => new BoxPath(), estimateTextSize);
		expect(filled.map((op) => [op.kind, (op as PathOp<BoxPath>).color])).toEqual([
			['fill', '#ffcc00'],
			['stroke', '#1e1e1e']
		]);
		const outline = elementOps(samples[10] as BoardElement, () => new BoxPath(), estimateTextSize);
		expect(outline.map((op) => op.kind)).toEqual(['stroke']);
	});

	it('splits text into lines with the font the canvas uses', () => {
		const text: BoardElement = { ...base, type: 'text', text: 'one\ntwo <b>', fontSize: 20 };
		expect(elementOps(text, () => new BoxPath(), estimateTextSize)).toEqual([
			{
				kind: 'text',
				lines: ['one', 'two <b>'],
				fontSize: 20,
				color: '#1e1e1e',
				x: 0,
				y: 0,
				align: 'left',
				themed: true
			}
		]);
		expect(textFont(20)).toBe('20px system-ui, sans-serif');
	});

	it('paint bounds hold every traced point plus half the stroke, and geometry’s bounds', () => {
		for (const el of samples) {
			const bounds = paintBounds(el, estimateTextSize);
			const geometry = elementBounds(el, estimateTextSize);
			expect(bounds.minX).toBeLessThanOrEqual(geometry.minX);
			expect(bounds.maxY).toBeGreaterThanOrEqual(geometry.maxY);
			for (const op of elementOps(el, () => new BoxPath(), estimateTextSize)) {
				if (op.kind === 'text' || op.kind === 'image') continue;
				const half = op.kind === 'stroke' ? op.lineWidth / 2 : 0;
				const p = op.path;
				const eps = 1e-9;
				expect(el.x + p.minX - half, el.type).toBeGreaterThanOrEqual(bounds.minX - eps);
				expect(el.y + p.minY - half, el.type).toBeGreaterThanOrEqual(bounds.minY - eps);
				expect(el.x + p.maxX + half, el.type).toBeLessThanOrEqual(bounds.maxX + eps);
				expect(el.y + p.maxY + half, el.type).toBeLessThanOrEqual(bounds.maxY + eps);
			}
		}
	});
});

describe('element cache', () => {
	const pen = samples[0] as FreehandElement;

	it('keeps paths when only position or stacking changes, even for a new object', () => {
		const cache = new ElementRenderCache(() => new BoxPath(), estimateTextSize);
		const first = cache.get(pen);
		const moved = { ...pen, x: 500, y: -20, z: 9, points: pen.points.map((p) => ({ ...p })) };
		expect(sameLocalShape(pen, moved)).toBe(true);
		expect(cache.get(moved).ops).toBe(first.ops);
		expect(cache.builds).toBe(1);
	});

	it('rebuilds when the shape, colour or width changes', () => {
		const cache = new ElementRenderCache(() => new BoxPath(), estimateTextSize);
		cache.get(pen);
		const bent = { ...pen, points: [...pen.points.slice(1), { x: 9, y: 9, pressure: 0.5 }] };
		for (const changed of [bent, { ...pen, color: '#ff0000' }, { ...pen, width: 9 }]) {
			expect(sameLocalShape(pen, changed)).toBe(false);
			cache.get(changed);
		}
		expect(cache.builds).toBe(4);
		cache.delete(pen.id);
		expect(cache.has(pen.id)).toBe(false);
	});

	it('keeps only the entries of the elements shown, and serves those without rebuilding', () => {
		const cache = new ElementRenderCache(() => new BoxPath(), estimateTextSize);
		const other = { ...pen, id: 'other' };
		cache.get(pen);
		cache.get(other);
		cache.keepOnly([pen]);
		expect(cache.has(pen.id)).toBe(true);
		expect(cache.has(other.id)).toBe(false);
		cache.get(pen);
		expect(cache.builds).toBe(2);
		cache.keepOnly([]);
		expect(cache.size).toBe(0);
	});

	it('compares every kind by its own fields', () => {
		const rectEl = samples[9] as BoardElement;
		expect(sameLocalShape(rectEl, { ...rectEl, x: 1 } as BoardElement)).toBe(true);
		expect(sameLocalShape(rectEl, { ...rectEl, fill: null } as BoardElement)).toBe(false);
		const line = samples[5] as BoardElement;
		expect(sameLocalShape(line, { ...line, dx: 1 } as BoardElement)).toBe(false);
		expect(sameLocalShape(line, { ...line, type: 'arrow' } as BoardElement)).toBe(false);
		const text: BoardElement = { ...base, type: 'text', text: 'a', fontSize: 12 };
		expect(sameLocalShape(text, { ...text, text: 'b' })).toBe(false);
	});
});
