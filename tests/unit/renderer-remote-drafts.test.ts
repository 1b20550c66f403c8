/**
 * The BoardRenderer with other peers' drafts, in Node: canvases whose 2D contexts record nothing,
 * frames run by hand. What matters is what each frame reads and reports, not pixels.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board';
import type { BoardElement, ElementInput } from '../../src/lib/board/elements';
import { estimateTextSize } from '../../src/lib/geometry/element-bounds';
import { BoardRenderer } from '../../src/lib/renderer/board-renderer';
import { EMPTY_OVERLAY } from '../../src/lib/tools/overlay-state';
import { NullPath } from './support/scene';

/** A 2D context (or canvas) that accepts every call and draws nothing. */
function inert(): unknown {
	const target: Record<string | symbol, unknown> = {
		getImageData: () => ({ data: new Uint8ClampedArray(4) }),
		measureText: () => ({ width: 10 })
	};
	return new Proxy(target, {
		get: (t, key) => (key in t ? t[key] : () => undefined),
		set: (t, key, value) => {
			t[key] = value;
			return true;
		}
	});
}

function canvas(): HTMLCanvasElement {
	return {
		width: 0,
		height: 0,
		style: {},
		getContext: () => inert()
	} as unknown as HTMLCanvasElement;
}

beforeEach(() => {
	vi.stubGlobal('Path2D', NullPath);
	vi.stubGlobal(
		'OffscreenCanvas',
		class {
			width: number;
			height: number;
			constructor(w: number, h: number) {
				this.width = w;
				this.height = h;
			}
			getContext() {
				return inert();
			}
		}
	);
});
afterEach(() => vi.unstubAllGlobals());

const LINE: ElementInput = { type: 'line', x: 10, y: 10, dx: 50, dy: 20, color: '#000', width: 2 };
const ID = 'abcdefghijklmnop';
const DRAFT = { ...LINE, id: ID, z: 0, createdAt: 0 } as BoardElement;

function setup() {
	const board = new Board(new Y.Doc());
	const frames: Array<() => void> = [];
	let remote: BoardElement[] = [];
	// As RemoteDrafts does: never a draft whose element is on the board.
	const getRemoteDrafts = vi.fn(() => remote.filter((d) => board.get(d.id) === undefined));
	const renderer = new BoardRenderer({
		board,
		staticCanvas: canvas(),
		overlayCanvas: canvas(),
		getOverlay: () => EMPTY_OVERLAY,
		getRemoteDrafts,
		textMeasure: estimateTextSize,
		requestFrame: (callback) => frames.push(callback),
		cancelFrame: () => {}
	});
	renderer.resize(400, 300, 1);
	const frame = () => {
		const queued = frames.splice(0);
		for (const callback of queued) callback();
		return queued.length;
	};
	return {
		board,
		renderer,
		getRemoteDrafts,
		frame,
		setRemote: (r: BoardElement[]) => (remote = r)
	};
}

describe('BoardRenderer with remote drafts', () => {
	it('paints a peer draft on the overlay, and its element in the same frame the draft leaves', () => {
		const { board, renderer, frame, setRemote, getRemoteDrafts } = setup();
		setRemote([DRAFT]);
		renderer.invalidateOverlay();
		expect(frame()).toBe(1);
		expect(renderer.lastFrame.remoteDrafts).toEqual([DRAFT]);
		expect(board.elementCount).toBe(0);

		// The element arrives (the presence update saying "committed" may come before or after).
		getRemoteDrafts.mockClear();
		board.add(LINE, ID);
		expect(frame()).toBe(1);
		// The same frame that painted the element re-read the drafts: it shows the element only.
		expect(getRemoteDrafts).toHaveBeenCalledOnce();
		expect(renderer.lastFrame.painted).toBeGreaterThan(0);
		expect(renderer.lastFrame.remoteDrafts).toEqual([]);
	});

	it('does not re-read drafts for board changes while none are shown', () => {
		const { board, frame, getRemoteDrafts } = setup();
		getRemoteDrafts.mockClear();
		board.add(LINE);
		frame();
		expect(getRemoteDrafts).not.toHaveBeenCalled();
	});
});
