import { describe, expect, it } from 'vitest';
import { RecentBoards } from '../../src/lib/persistence/recent-boards.ts';

function memoryStorage(initial: Record<string, string> = {}) {
	const data = new Map(Object.entries(initial));
	return {
		getItem: (key: string) => data.get(key) ?? null,
		setItem: (key: string, value: string) => void data.set(key, value),
		data
	};
}

describe('RecentBoards', () => {
	it('lists opened boards newest first, once each', () => {
		const recent = new RecentBoards(memoryStorage());
		recent.touch('a', 'Retro', 1000);
		recent.touch('b', 'Plan', 2000);
		recent.touch('a', 'Retro', 3000);
		expect(recent.list()).toEqual([
			{ id: 'a', name: 'Retro', lastOpened: 3000 },
			{ id: 'b', name: 'Plan', lastOpened: 2000 }
		]);
	});

	it('renames without reordering, and forgets', () => {
		const recent = new RecentBoards(memoryStorage());
		recent.touch('a', '', 1000);
		recent.touch('b', '', 2000);
		recent.rename('a', 'Sprint 14 retro');
		expect(recent.list().map((b) => [b.id, b.name])).toEqual([
			['b', ''],
			['a', 'Sprint 14 retro']
		]);
		recent.remove('b');
		expect(recent.list().map((b) => b.id)).toEqual(['a']);
	});

	it('survives corrupt storage and skips malformed entries', () => {
		expect(new RecentBoards(memoryStorage({ 'whiteboard:recent-boards': '{oops' })).list()).toEqual(
			[]
		);
		const mixed = JSON.stringify([
			{ id: 'ok', name: 'x', lastOpened: 5 },
			{ id: 1 },
			null,
			{ id: 'nan', name: 'y', lastOpened: 'soon' }
		]);
		expect(
			new RecentBoards(memoryStorage({ 'whiteboard:recent-boards': mixed })).list().map((b) => b.id)
		).toEqual(['ok']);
	});

	it('remembers the room key (to reopen the link) and keeps it across renames and visits', () => {
		const recent = new RecentBoards(memoryStorage());
		recent.touch('room1', 'Plan', 1, 'k'.repeat(43));
		recent.rename('room1', 'Plan B');
		recent.touch('room1', 'Plan B', 2);
		expect(recent.list()).toEqual([
			{ id: 'room1', name: 'Plan B', lastOpened: 2, key: 'k'.repeat(43) }
		]);
		recent.touch('room2', 'No key yet', 3);
		expect(recent.list()[0]).toEqual({ id: 'room2', name: 'No key yet', lastOpened: 3 });
	});

	it('keeps at most 50 boards', () => {
		const recent = new RecentBoards(memoryStorage());
		for (let i = 0; i < 60; i++) recent.touch(`r${i}`, '', i);
		const list = recent.list();
		expect(list).toHaveLength(50);
		expect(list[0]?.id).toBe('r59');
	});

	it('does not throw when storage refuses writes', () => {
		const recent = new RecentBoards({
			getItem: () => null,
			setItem: () => {
				throw new Error('QuotaExceededError');
			}
		});
		expect(() => recent.touch('a', 'x')).not.toThrow();
	});
});
