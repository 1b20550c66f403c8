import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardName, MAX_BOARD_NAME_LENGTH } from '../../src/lib/board/board-name.ts';
import { LOCAL_ORIGIN } from '../../src/lib/board/local-origin.ts';

describe('BoardName', () => {
	it('stores the name in the document, written with the local origin', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
		const name = new BoardName(doc);
		expect(name.value).toBe('');
		name.set('  Sprint 14 retro ');
		expect(name.value).toBe('Sprint 14 retro');
		expect(origins).toEqual([LOCAL_ORIGIN]);
		name.set('Sprint 14 retro');
		expect(origins).toHaveLength(1);
	});

	it('reaches another peer and notifies it', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const seen: string[] = [];
		new BoardName(b).onChange((n) => seen.push(n));
		new BoardName(a).set('Plan');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(new BoardName(b).value).toBe('Plan');
		expect(seen).toEqual(['Plan']);
	});

	it('reads a hostile value as text of bounded length, or as no name', () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set('name', { evil: true });
		expect(new BoardName(doc).value).toBe('');
		doc.getMap('meta').set('name', 'x'.repeat(10_000));
		expect(new BoardName(doc).value).toHaveLength(MAX_BOARD_NAME_LENGTH);
	});
});
