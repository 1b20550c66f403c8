/**
 * Following a view, without a network: two editors (real BoardEditor, real Presence on a real
 * Awareness each), their presence carried between them by hand.
 */
import { describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { BoardEditor } from '../../src/lib/app/board-editor.svelte';
import { Follow } from '../../src/lib/app/follow.svelte';
import { ToolSettings } from '../../src/lib/app/tool-settings.svelte';
import { Board } from '../../src/lib/board/board';
import { IdentityStore } from '../../src/lib/presence/identity';
import { Presence } from '../../src/lib/presence/presence.svelte';

function peer(width: number, height: number) {
	const doc = new Y.Doc();
	const awareness = new Awareness(doc);
	const presence = new Presence(awareness, new IdentityStore(null));
	const editor = new BoardEditor({ board: new Board(doc), settings: new ToolSettings() });
	const follow = new Follow(presence, editor);
	editor.resize(width, height);
	return { awareness, presence, editor, follow };
}

type Peer = ReturnType<typeof peer>;

/** Presence shares on frames: waits for `from`'s next write, then delivers it to `to`. */
async function carry(from: Peer, to: Peer, change: () => void): Promise<void> {
	const written = new Promise<void>((resolve) => from.awareness.once('change', () => resolve()));
	change();
	await written;
	deliver(from, to);
}

/** Delivers `from`'s current state to `to`. */
function deliver(from: Peer, to: Peer): void {
	const update = encodeAwarenessUpdate(from.awareness, [from.awareness.clientID]);
	applyAwarenessUpdate(to.awareness, update, 'net');
}

describe('following a view', () => {
	it("shows the followed peer's area as it moves, until the follower moves; each side sees it", async () => {
		const a = peer(1000, 600);
		const b = peer(500, 300); // half A's size: to show A's area, B zooms out by 2
		await carry(a, b, () => (a.editor.viewport = { x: 100, y: 50, zoom: 1 }));
		b.follow.follow(a.awareness.clientID);
		expect(b.follow.target).toBe(a.awareness.clientID);
		expect(b.editor.viewport).toEqual({ x: 100, y: 50, zoom: 0.5 });
		expect(b.editor.visibleArea).toEqual({ minX: 100, minY: 50, maxX: 1100, maxY: 650 });

		// A sees that B follows (following is shared at once, not on the next frame).
		deliver(b, a);
		expect(a.follow.followers.map((p) => p.clientId)).toEqual([b.awareness.clientID]);

		// A pans and zooms: B follows.
		await carry(a, b, () => (a.editor.viewport = { x: -200, y: 0, zoom: 2 }));
		expect(b.editor.visibleArea).toEqual({ minX: -200, minY: 0, maxX: 300, maxY: 300 });

		// B pans itself: it stops following, and A's next move leaves B where it is.
		b.editor.viewport = { x: 0, y: 0, zoom: 1 };
		expect(b.follow.target).toBeNull();
		await carry(a, b, () => (a.editor.viewport = { x: 5000, y: 5000, zoom: 1 }));
		expect(b.editor.viewport).toEqual({ x: 0, y: 0, zoom: 1 });
		deliver(b, a);
		expect(a.follow.followers).toEqual([]);
	});

	it('follows only peers that are here, and stops when the followed peer leaves', async () => {
		const a = peer(800, 600);
		const b = peer(800, 600);
		b.follow.follow(12345);
		expect(b.follow.target).toBeNull();
		b.follow.follow(b.awareness.clientID);
		expect(b.follow.target).toBeNull();
		await carry(a, b, () => (a.editor.viewport = { x: 1, y: 2, zoom: 1 }));
		b.follow.follow(a.awareness.clientID);
		expect(b.follow.target).toBe(a.awareness.clientID);
		a.awareness.setLocalState(null);
		deliver(a, b);
		expect(b.follow.target).toBeNull();
	});
});
