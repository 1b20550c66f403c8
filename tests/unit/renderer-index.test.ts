import { describe, expect, it } from 'vitest';
import type { BoardChange, BoardElement } from '../../src/lib/board/elements';
import { estimateTextSize } from '../../src/lib/geometry/element-bounds';
import type { BoardReader } from '../../src/lib/renderer/board-reader';
import { ElementIndex } from '../../src/lib/renderer/element-index';
import { boardToDevice, deviceToBoard } from '../../src/lib/renderer/device';
import { PaintCostModel } from '../../src/lib/renderer/render-job';
import { nodeScene } from './support/scene';

const box = (minX: number, minY: number, maxX: number, maxY: number) => ({
	minX,
	minY,
	maxX,
	maxY
});

describe('ElementIndex', () => {
	it('finds what touches an area, bottom first (z, then id)', () => {
		const index = new ElementIndex();
		index.reset([
			{ id: 'b', z: 2, ...box(0, 0, 10, 10) },
			{ id: 'a', z: 2, ...box(5, 5, 20, 20) },
			{ id: 'c', z: 1, ...box(100, 100, 110, 110) },
			{ id: 'd', z: 0, ...box(8, 8, 9, 9) }
		]);
		expect(index.query(box(0, 0, 12, 12)).map((e) => e.id)).toEqual(['d', 'a', 'b']);
		expect(index.query(box(50, 50, 60, 60))).toEqual([]);
		expect(index.count(box(0, 0, 200, 200))).toBe(4);
		expect(index.extent()).toEqual(box(0, 0, 110, 110));
		expect(index.top()).toEqual({ id: 'b', z: 2 });
	});

	it('moves, removes and adds one element at a time, keeping the top', () => {
		const index = new ElementIndex();
		index.set('a', 1, box(0, 0, 10, 10));
		index.set('b', 5, box(20, 0, 30, 10));
		expect(index.top()).toEqual({ id: 'b', z: 5 });
		index.set('a', 1, box(200, 200, 210, 210));
		expect(index.query(box(0, 0, 15, 15))).toEqual([]);
		expect(index.query(box(199, 199, 201, 201)).map((e) => e.id)).toEqual(['a']);
		index.delete('b');
		expect(index.top()).toEqual({ id: 'a', z: 1 });
		expect(index.size).toBe(1);
		index.delete('a');
		expect(index.top()).toBeNull();
		expect(index.extent()).toBeNull();
	});

	it('adds many at once (bulk-loaded) exactly as one by one, moving those it had', () => {
		const entries = Array.from({ length: 500 }, (_, i) => ({
			id: `e${i}`,
			z: i % 7,
			...box((i * 37) % 1000, (i * 53) % 1000, ((i * 37) % 1000) + 15, ((i * 53) % 1000) + 15)
		}));
		const bulk = new ElementIndex();
		const single = new ElementIndex();
		for (const index of [bulk, single]) index.set('e3', 9, box(5000, 5000, 5010, 5010));
		bulk.setMany(entries);
		for (const e of entries) single.set(e.id, e.z, e);
		expect(bulk.size).toBe(500);
		for (const area of [box(0, 0, 300, 300), box(400, 100, 900, 700), box(4990, 4990, 6000, 6000)])
			expect(bulk.query(area).map((e) => e.id)).toEqual(single.query(area).map((e) => e.id));
		expect(bulk.query(box(4990, 4990, 6000, 6000))).toEqual([]);
		expect(bulk.top()).toEqual(single.top());
		bulk.setMany(entries.slice(0, 3).map((e) => ({ ...e, z: 100 })));
		expect(bulk.top()).toEqual({ id: 'e2', z: 100 });
		expect(bulk.size).toBe(500);
	});
});

/** A board stand-in: a map of elements and a way to announce changes. */
function fakeBoard(initial: BoardElement[]) {
	const map = new Map(initial.map((el) => [el.id, el]));
	const board: BoardReader = {
		elements: () => [...map.values()].sort((a, b) => a.z - b.z),
		get: (id) => map.get(id),
		onChange: () => () => {}
	};
	return { board, map };
}

const rectEl = (id: string, x: number, y: number, z: number): BoardElement => ({
	id,
	type: 'rectangle',
	x,
	y,
	z,
	createdAt: 0,
	color: '#000000',
	width: 2,
	w: 10,
	h: 10,
	fill: null
});

function scene(elements: BoardElement[]) {
	const fake = fakeBoard(elements);
	const s = nodeScene(fake.board, estimateTextSize);
	s.ensureIndexed();
	return { ...fake, scene: s };
}

describe('Scene (culling and change tracking)', () => {
	it('culls to the elements in an area and skips hidden ones', () => {
		const { scene: s } = scene([
			rectEl('a', 0, 0, 1),
			rectEl('b', 500, 0, 2),
			rectEl('c', 5, 5, 3)
		]);
		expect(s.query(box(0, 0, 100, 100)).map((e) => e.id)).toEqual(['a', 'c']);
		// Paint bounds include half the stroke width.
		expect(s.bounds('a')).toEqual(box(-1, -1, 11, 11));
		expect(s.setHidden(['c'])).toEqual(box(4, 4, 16, 16));
		expect(s.query(box(0, 0, 100, 100)).map((e) => e.id)).toEqual(['a']);
		expect(s.setHidden([])).toEqual(box(4, 4, 16, 16));
		expect(s.setHidden([])).toBeNull();
	});

	it('turns a board change into old + new dirty bounds and added elements', () => {
		const { scene: s, map } = scene([rectEl('a', 0, 0, 1), rectEl('b', 100, 0, 2)]);
		map.set('a', rectEl('a', 50, 50, 1));
		map.delete('b');
		map.set('n', rectEl('n', 300, 300, 7));
		const change: BoardChange = { added: ['n'], removed: ['b'], updated: ['a'] };
		const delta = s.applyChange(change);
		expect(delta.dirty).toEqual(box(-1, -1, 111, 61));
		expect(delta.added).toEqual([{ id: 'n', z: 7, bounds: box(299, 299, 311, 311) }]);
		expect(s.query(box(0, 0, 20, 20))).toEqual([]);
		expect(s.query(box(0, 0, 1000, 1000)).map((e) => e.id)).toEqual(['a', 'n']);
		expect(s.top()).toEqual({ id: 'n', z: 7 });
	});

	it('lists elements without paths and builds them ahead of need until the deadline', () => {
		const { scene: s } = scene([rectEl('a', 0, 0, 1), rectEl('b', 500, 0, 2)]);
		const todo = s.uncached(box(0, 0, 600, 20));
		expect(todo.sort()).toEqual(['a', 'b']);
		expect(s.warm(todo, -Infinity)).toEqual(todo);
		expect(s.cachedCount).toBe(0);
		expect(s.warm(['a'], Infinity)).toEqual([]);
		expect(s.cachedCount).toBe(1);
		expect(s.uncached(box(0, 0, 600, 20))).toEqual(['b']);
	});

	it('lists everything in board order when the area holds every element', () => {
		const { scene: s } = scene([rectEl('b', 500, 0, 2), rectEl('a', 0, 0, 1)]);
		expect(s.query(box(-1e6, -1e6, 1e6, 1e6)).map((e) => e.id)).toEqual(['a', 'b']);
		s.setHidden(['a']);
		expect(s.query(box(-1e6, -1e6, 1e6, 1e6)).map((e) => e.id)).toEqual(['b']);
	});

	it('maps device rectangles to board areas and back, with antialiasing room', () => {
		const v = { x: 100, y: 50, scale: 2 };
		expect(deviceToBoard(v, { x: 0, y: 0, w: 200, h: 100 })).toEqual(box(100, 50, 200, 100));
		expect(boardToDevice(v, box(110, 60, 120.2, 70), 1000, 1000)).toEqual({
			x: 19,
			y: 19,
			w: 23,
			h: 22
		});
		expect(boardToDevice(v, box(0, 0, 10, 10), 1000, 1000)).toBeNull();
	});
});

describe('PaintCostModel', () => {
	it('starts pessimistic, learns per scale band and extrapolates to others', () => {
		const cost = new PaintCostModel();
		expect(cost.perElement(1)).toBe(0.1);
		cost.record(1, 100, 5);
		expect(cost.perElement(1)).toBeCloseTo(0.05);
		expect(cost.perElement(1.2)).toBeCloseTo(0.05);
		expect(cost.perElement(4)).toBeCloseTo(0.2);
		expect(cost.perElement(0.25)).toBeCloseTo(0.05);
		cost.record(1, 3, 300); // too few elements to learn from
		expect(cost.estimate(1, 10)).toBeCloseTo(0.5);
	});
});
