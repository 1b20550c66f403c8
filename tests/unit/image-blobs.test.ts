import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { placeImage } from '../../src/lib/app/image-import';
import { Board } from '../../src/lib/board/board';
import { BLOBS_KEY, blobHash, MAX_BLOB_BYTES, verifiedBlob } from '../../src/lib/board/blobs';
import type { ImageElement } from '../../src/lib/board/elements';
import { checkBoardUpdate } from '../../src/lib/board/update-check';
import { estimateTextSize } from '../../src/lib/geometry/element-bounds';
import { resizeElement } from '../../src/lib/geometry/resize';

const bytes = new TextEncoder().encode('abc');
// SHA-256("abc"), base64url without padding.
const ABC = 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0';

function blobUpdate(key: string, value: unknown): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap(BLOBS_KEY).set(key, value);
	return Y.encodeStateAsUpdate(doc);
}

describe('image blobs', () => {
	it('are named by the SHA-256 of their bytes, and only matching bytes are used', async () => {
		expect(await blobHash(bytes)).toBe(ABC);
		expect(await verifiedBlob(bytes, ABC)).toEqual(bytes);
		expect(await verifiedBlob(new TextEncoder().encode('abd'), ABC)).toBeNull();
		expect(await verifiedBlob('abc', ABC)).toBeNull();
		expect(await verifiedBlob(undefined, ABC)).toBeNull();
		expect(await verifiedBlob(new Uint8Array(MAX_BLOB_BYTES + 1), ABC)).toBeNull();
	});

	it("are checked in peers' updates: a hash key, binary bytes, at most MAX_BLOB_BYTES", () => {
		expect(() => checkBoardUpdate(blobUpdate(ABC, bytes))).not.toThrow();
		expect(() => checkBoardUpdate(blobUpdate('not-a-hash', bytes))).toThrow(/invalid blob/);
		expect(() => checkBoardUpdate(blobUpdate(ABC, 'abc'))).toThrow(/invalid blob/);
		expect(() => checkBoardUpdate(blobUpdate(ABC, new Uint8Array(MAX_BLOB_BYTES + 1)))).toThrow(
			/invalid blob/
		);
	});

	it('go into the board with their element in one step; undo takes the element, the bytes stay', () => {
		const board = new Board(new Y.Doc());
		const updates: number[] = [];
		board.doc.on('update', () => updates.push(1));
		const id = board.addImage(
			{
				type: 'image',
				x: 0,
				y: 0,
				w: 30,
				h: 20,
				blob: ABC,
				mime: 'image/png',
				color: '#000000',
				width: 1
			},
			bytes
		);
		expect(updates).toHaveLength(1);
		expect(board.get(id)).toMatchObject({ type: 'image', blob: ABC, w: 30, h: 20 });
		expect(board.blobs.get(ABC)).toEqual(bytes);
		board.undo();
		expect(board.get(id)).toBeUndefined();
		expect(board.blobs.get(ABC)).toEqual(bytes);
		board.redo();
		expect(board.get(id)).toMatchObject({ blob: ABC });
		expect(() =>
			board.addImage(
				{
					type: 'image',
					x: 0,
					y: 0,
					w: 1,
					h: 1,
					blob: ABC,
					mime: 'image/png',
					color: '#000000',
					width: 1
				},
				new Uint8Array(MAX_BLOB_BYTES + 1)
			)
		).toThrow(RangeError);
	});

	it('are placed centred, at their pixel size on screen or within 60 % of the view', () => {
		const view = { minX: 0, minY: 0, maxX: 1000, maxY: 600 };
		expect(placeImage({ width: 200, height: 100 }, view, 1, { x: 500, y: 300 })).toEqual({
			x: 400,
			y: 250,
			w: 200,
			h: 100
		});
		// Zoomed in 2x: half the board size, still 200 × 100 on screen.
		expect(placeImage({ width: 200, height: 100 }, view, 2).w).toBe(100);
		// Too big for the view: 60 % of its height.
		const big = placeImage({ width: 2000, height: 2000 }, view, 1);
		expect(big.h).toBeCloseTo(360);
		expect(big.w).toBeCloseTo(360);
	});

	it('keep their proportions when resized', () => {
		const image: ImageElement = {
			id: 'i',
			type: 'image',
			x: 0,
			y: 0,
			z: 0,
			createdAt: 0,
			color: '#000000',
			width: 1,
			w: 200,
			h: 100,
			blob: ABC,
			mime: 'image/png'
		};
		const from = { minX: 0, minY: 0, maxX: 200, maxY: 100 };
		const patch = resizeElement(
			image,
			from,
			{ minX: 0, minY: 0, maxX: 400, maxY: 400 },
			estimateTextSize
		);
		expect(patch.w! / patch.h!).toBeCloseTo(2);
	});
});
