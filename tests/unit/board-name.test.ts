import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board';
import { MAX_BOARD_NAME_LENGTH } from '../../src/lib/board/board-name';
import { LOCAL_ORIGIN } from '../../src/lib/board/local-origin';

describe('board name', () => {
	it('is stored in the document, written in the Board’s local transaction', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
		const { name } = new Board(doc);
		expect(name.value).toBe('');
		name.set('  Sprint 14 retro ');
		expect(name.value).toBe('Sprint 14 retro');
		expect(origins).toEqual([LOCAL_ORIGIN]);
		name.set('Sprint 14 retro');
		expect(origins).toHaveLength(1);
	});

	it('is not part of this peer’s undo history', () => {
		const board = new Board(new Y.Doc());
		board.name.set('Plan');
		expect(board.canUndo).toBe(false);
		expect(board.undo()).toBe(false);
		expect(board.name.value).toBe('Plan');
	});

	it('reaches another peer and notifies it', () => {
		const a = new Board(new Y.Doc());
		const b = new Board(new Y.Doc());
		const seen: string[] = [];
		b.name.onChange((n) => seen.push(n));
		a.name.set('Plan');
		Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
		expect(b.name.value).toBe('Plan');
		expect(seen).toEqual(['Plan']);
	});

	it('reads a hostile value as text of bounded length, or as no name', () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set('name', { evil: true });
		expect(new Board(doc).name.value).toBe('');
		doc.getMap('meta').set('name', 'x'.repeat(10_000));
		expect(new Board(doc).name.value).toHaveLength(MAX_BOARD_NAME_LENGTH);
	});
});
