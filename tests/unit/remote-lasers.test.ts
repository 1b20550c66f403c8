/**
 * Laser trails end to end without a network: an author (real BoardEditor with the laser tool,
 * real Presence on a real Awareness) and a watcher (real RemoteLasers), presence carried by hand.
 */
import { describe, expect, it } from 'vitest';
import {
	applyAwarenessUpdate,
	Awareness,
	encodeAwarenessUpdate,
	removeAwarenessStates
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { BoardEditor } from '../../src/lib/app/board-editor.svelte';
import { ToolSettings } from '../../src/lib/app/tool-settings.svelte';
import { Board } from '../../src/lib/board/board';
import { IdentityStore } from '../../src/lib/presence/identity';
import { Presence } from '../../src/lib/presence/presence.svelte';
import { RemoteLasers } from '../../src/lib/presence/remote-lasers';
import { pointerInput } from '../../src/lib/tools/tool-input';

const press = { touch: false, pan: false };

describe('remote laser trails', () => {
	it("show the author's trail as it is shared, and nothing once it is gone or the author leaves", async () => {
		const doc = new Y.Doc();
		const awareness = new Awareness(doc);
		const presence = new Presence(awareness, new IdentityStore(null));
		const settings = new ToolSettings();
		settings.tool = 'laser';
		const editor = new BoardEditor({ board: new Board(doc), settings, draftSink: presence });
		const watcher = new Awareness(new Y.Doc());
		const lasers = new RemoteLasers(watcher);
		let changes = 0;
		lasers.onChange(() => changes++);
		lasers.start();
		const carry = () =>
			applyAwarenessUpdate(watcher, encodeAwarenessUpdate(awareness, [awareness.clientID]), 'net');
		// Presence shares on frames (at most ~30 a second): wait for the write.
		const shared = () => new Promise<void>((resolve) => awareness.once('change', () => resolve()));

		const c = editor.controller;
		const wrote = shared();
		c.pointerDown(pointerInput('pointerdown', 10, 20, {}), press);
		c.pointerMove(pointerInput('pointermove', 30, 40, {}), false);
		await wrote;
		carry();
		expect(lasers.lasers()).toEqual([
			{
				clientId: awareness.clientID,
				points: expect.arrayContaining([{ x: 10, y: 20 }])
			}
		]);
		expect(changes).toBeGreaterThan(0);

		// Switching tools drops the trail: the next share says so.
		const cleared = shared();
		settings.tool = 'pen';
		c.setTool('pen');
		await cleared;
		carry();
		expect(lasers.lasers()).toEqual([]);

		// And a peer that leaves takes its trail along.
		const again = shared();
		c.setTool('laser');
		c.pointerDown(pointerInput('pointerdown', 50, 50, {}), press);
		await again;
		carry();
		expect(lasers.lasers()).toHaveLength(1);
		removeAwarenessStates(watcher, [awareness.clientID], 'net');
		expect(lasers.lasers()).toEqual([]);
		expect(editor.board.elementCount).toBe(0);
		lasers.stop();
		editor.destroy();
		presence.destroy();
	});
});
