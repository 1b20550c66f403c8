/**
 * Opening a read of the relay's copy (copy-open.ts), as the page's worker and libp2p reads do:
 * every part is decrypted and checked on its own; what fails says why and spoils nothing else.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board.ts';
import { checkBoardUpdate } from '../../src/lib/board/update-check.ts';
import { randomRoomKey, RoomKey } from '../../src/lib/crypto/room-key.ts';
import { CopyCipher, snapshotOf } from '../../src/lib/store/copy-codec.ts';
import { openCopy, openedBuffers } from '../../src/lib/store/copy-open.ts';
import { TEXT_ELEMENT } from './support/elements.ts';

async function world() {
	const key = await RoomKey.fromFragment(randomRoomKey());
	const cipher = new CopyCipher(key.store, key.topicId);
	const doc = new Y.Doc();
	new Board(doc).add({ ...TEXT_ELEMENT, text: 'kept' });
	return { cipher, doc, update: Y.encodeStateAsUpdate(doc) };
}

describe('openCopy', () => {
	it('opens and checks the snapshot and every entry, in order', async () => {
		const { cipher, doc, update } = await world();
		const read = {
			snapshot: { covers: 1, data: await cipher.sealSnapshot(snapshotOf(doc)) },
			entries: [{ seq: 2, data: await cipher.sealEntry(update) }]
		};
		const opened = await openCopy(read, cipher, checkBoardUpdate);
		expect(opened.snapshot?.ok).toBe(true);
		expect(opened.entries).toEqual([{ ok: true, value: update }]);
		// The buffers a worker transfers hold all of it.
		expect(openedBuffers(opened).length).toBeGreaterThanOrEqual(2);
	});

	it('reports each part that does not open or is no board, and keeps the others', async () => {
		const { cipher, update } = await world();
		const other = new CopyCipher(
			(await RoomKey.fromFragment(randomRoomKey())).store,
			'another-topic'
		);
		// An element that is not a map: decrypts, but the board check refuses it.
		const bad = new Y.Doc();
		bad.getMap('elements').set('x', 'not a map');
		const read = {
			// Sealed as an entry: the snapshot's AAD refuses it.
			snapshot: { covers: 1, data: await cipher.sealEntry(Y.encodeStateAsUpdate(bad)) },
			entries: [
				{ seq: 2, data: await other.sealEntry(update) },
				{ seq: 3, data: await cipher.sealEntry(Y.encodeStateAsUpdate(bad)) },
				{ seq: 4, data: await cipher.sealEntry(update) }
			]
		};
		const opened = await openCopy(read, cipher, checkBoardUpdate);
		expect(opened.snapshot).toMatchObject({ ok: false, error: expect.stringMatching(/context/) });
		expect(opened.entries.map((e) => e.ok)).toEqual([false, false, true]);
		expect(opened.entries[0]).toMatchObject({ error: expect.stringMatching(/wrong key/) });
		expect(opened.entries[1]).toMatchObject({ error: expect.stringMatching(/not a map/) });
	});
});
