/**
 * Drafts end to end without a network: an author (real BoardEditor, real Presence on a real
 * Awareness) and a watcher (real RemoteDrafts over a real Board), with the document update and the
 * presence update carried by hand, in the order each test chooses.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
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
import type { FreehandElement } from '../../src/lib/board/elements';
import { IdentityStore } from '../../src/lib/presence/identity';
import { Presence } from '../../src/lib/presence/presence.svelte';
import { DRAFT_LINGER_MS, RemoteDrafts } from '../../src/lib/presence/remote-drafts';
import type { ToolName } from '../../src/lib/tools/tool';
import { pointerInput } from '../../src/lib/tools/tool-input';

const REMOTE = Symbol('remote');
const press = { touch: false, pan: false };

function author(tool: ToolName = 'pen') {
	const doc = new Y.Doc();
	const board = new Board(doc);
	const awareness = new Awareness(doc);
	const presence = new Presence(awareness, new IdentityStore(null));
	const settings = new ToolSettings();
	settings.tool = tool;
	const editor = new BoardEditor({ board, settings, draftSink: presence });
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== REMOTE) updates.push(update);
	});
	const c = editor.controller;
	return {
		doc,
		board,
		awareness,
		presence,
		editor,
		updates,
		down: (x: number, y: number) => c.pointerDown(pointerInput('pointerdown', x, y), press),
		move: (x: number, y: number) => c.pointerMove(pointerInput('pointermove', x, y), false),
		up: (x: number, y: number) => c.pointerEnd(pointerInput('pointerup', x, y), false),
		/** The id of the draft on this author's own overlay. */
		draftId: () => c.overlay().draft?.id ?? null
	};
}

type Author = ReturnType<typeof author>;

function watcher() {
	const doc = new Y.Doc();
	const board = new Board(doc);
	const awareness = new Awareness(doc);
	awareness.setLocalState(null); // a watcher that shares nothing itself
	const drafts = new RemoteDrafts({ awareness, board });
	const changes = vi.fn();
	drafts.onChange(changes);
	drafts.start();
	return { doc, board, awareness, drafts, changes };
}

type Watcher = ReturnType<typeof watcher>;

/** What a frame painted now would show: the committed elements and the drafts above them. */
function screen(w: Watcher) {
	return {
		elements: w.board.elements().map((el) => el.id),
		drafts: w.drafts.drafts().map((el) => el.id)
	};
}

/** The author's presence as it is now, as one awareness message (what AwarenessGossip sends). */
const presenceOf = (a: Author) => encodeAwarenessUpdate(a.awareness, [a.awareness.clientID]);
const deliverPresence = (w: Watcher, update: Uint8Array) =>
	applyAwarenessUpdate(w.awareness, update, REMOTE);
/** The author's document updates so far, in order. */
function deliverDoc(a: Author, w: Watcher): void {
	for (const update of a.updates.splice(0)) Y.applyUpdate(w.doc, update, REMOTE);
}

/** Exactly one of draft and element is on the watcher's screen for `id`. */
function expectShownOnce(w: Watcher, id: string): void {
	const { elements, drafts } = screen(w);
	expect(elements.filter((e) => e === id).length + drafts.filter((d) => d === id).length).toBe(1);
}

const watchers: Watcher[] = [];
afterEach(() => {
	watchers.splice(0).forEach((w) => w.drafts.stop());
	vi.useRealTimers();
});

function setup(tool: ToolName = 'pen') {
	const a = author(tool);
	const w = watcher();
	watchers.push(w);
	return { a, w };
}

/** A starts a stroke and moves: the watcher has the draft, nothing on its board. */
function drawSome(a: Author, w: Watcher): string {
	a.down(100, 100);
	a.move(110, 104);
	a.move(120, 100);
	a.move(130, 108);
	deliverPresence(w, presenceOf(a));
	const id = a.draftId()!;
	expect(screen(w)).toEqual({ elements: [], drafts: [id] });
	return id;
}

describe('remote drafts', () => {
	it('show a peer the stroke while it is drawn, point by point, under its future id', () => {
		const { a, w } = setup();
		const id = drawSome(a, w);
		const draft = w.drafts.drafts()[0] as FreehandElement;
		expect(draft).toMatchObject({ type: 'pen', x: 100, y: 100 });
		expect(draft.points).toHaveLength(4);
		expect(w.changes).toHaveBeenCalled();
		a.move(140, 100);
		deliverPresence(w, presenceOf(a));
		expect((w.drafts.drafts()[0] as FreehandElement).points).toHaveLength(5);
		a.up(150, 100);
		expect(a.board.get(id)).toBeDefined(); // committed under the draft's id
	});

	it('hand over to the element with no gap and no double when the document update comes first', () => {
		const { a, w } = setup();
		const id = drawSome(a, w);
		a.up(140, 100);
		deliverDoc(a, w);
		expect(screen(w)).toEqual({ elements: [id], drafts: [] });
		deliverPresence(w, presenceOf(a));
		expect(screen(w)).toEqual({ elements: [id], drafts: [] });
	});

	it('hand over with no gap when the presence update comes first: the draft waits for its element', () => {
		const { a, w } = setup('rectangle');
		a.down(10, 10);
		a.move(60, 40);
		deliverPresence(w, presenceOf(a));
		const id = a.draftId()!;
		expectShownOnce(w, id);
		a.up(80, 50);
		deliverPresence(w, presenceOf(a)); // "no draft; committed <id>"
		expect(a.awareness.getLocalState()).toMatchObject({ draft: null, committed: id });
		expect(screen(w)).toEqual({ elements: [], drafts: [id] });
		// The last draft stays what it was (the element may differ by the last sample).
		expect(w.drafts.drafts()[0]).toMatchObject({ type: 'rectangle', w: 50, h: 30 });
		deliverDoc(a, w);
		expect(screen(w)).toEqual({ elements: [id], drafts: [] });
	});

	it('drop a cancelled draft at once (Esc), and a committed one whose element never comes', () => {
		vi.useFakeTimers();
		const { a, w } = setup('line');
		a.down(0, 0);
		a.move(50, 50);
		deliverPresence(w, presenceOf(a));
		expect(screen(w).drafts).toHaveLength(1);
		a.editor.run({ kind: 'escape' });
		deliverPresence(w, presenceOf(a));
		expect(screen(w)).toEqual({ elements: [], drafts: [] });
		expect(a.updates).toEqual([]);

		const id = drawSome(a, w);
		a.up(140, 100);
		deliverPresence(w, presenceOf(a));
		w.changes.mockClear();
		vi.advanceTimersByTime(DRAFT_LINGER_MS - 1);
		expect(screen(w).drafts).toEqual([id]);
		vi.advanceTimersByTime(1);
		expect(screen(w).drafts).toEqual([]);
		expect(w.changes).toHaveBeenCalledOnce();
	});

	it('go with their author: a goodbye, or a peer dropped for leaving or silence', () => {
		const { a, w } = setup();
		drawSome(a, w);
		a.awareness.setLocalState(null); // the tab closes mid-stroke
		deliverPresence(w, presenceOf(a));
		expect(screen(w).drafts).toEqual([]);

		const b = author();
		const id = drawSome(b, w);
		b.up(150, 100);
		deliverPresence(w, presenceOf(b));
		expect(screen(w).drafts).toEqual([id]); // waiting for its element...
		// ...when AwarenessGossip drops the peer (disconnected, unsubscribed or timed out).
		removeAwarenessStates(w.awareness, [b.awareness.clientID], 'peer-left');
		expect(screen(w).drafts).toEqual([]);
	});

	it('never show a late copy of a draft whose element already arrived', () => {
		const { a, w } = setup();
		const id = drawSome(a, w);
		a.move(140, 100);
		const late = presenceOf(a); // still "drawing <id>"
		a.up(150, 100);
		deliverDoc(a, w);
		w.board.remove([id]); // erased on the watcher's side at once
		deliverPresence(w, late);
		expect(screen(w)).toEqual({ elements: [], drafts: [] });
	});

	it('ignore states whose draft is invalid, and our own draft', () => {
		const { a, w } = setup();
		const id = drawSome(a, w);
		const forged = JSON.parse(JSON.stringify(a.awareness.getLocalState()));
		forged.draft.width = 10_000;
		a.awareness.setLocalState(forged);
		deliverPresence(w, presenceOf(a));
		expect(screen(w).drafts).toEqual([]);
		// The author's own RemoteDrafts never shows the author's draft.
		const own = new RemoteDrafts({ awareness: a.awareness, board: a.board });
		own.start();
		a.awareness.setLocalState({ ...forged, draft: { ...forged.draft, width: 4 } });
		expect(own.drafts()).toEqual([]);
		own.stop();
		expect(id).toMatch(/^[0-9a-zA-Z]{16}$/);
	});
});

describe('our draft in presence', () => {
	it('is shared when it changes, not on every overlay change', () => {
		const { a } = setup();
		const updates = vi.fn();
		a.awareness.on('update', updates);
		a.editor.controller.invalidate(); // e.g. the selection changed: nothing new to share
		a.editor.controller.invalidate();
		expect(updates).not.toHaveBeenCalled();
		a.down(10, 10);
		a.move(20, 20);
		expect(updates).toHaveBeenCalledTimes(2);
		a.editor.controller.invalidate();
		expect(updates).toHaveBeenCalledTimes(2);
		a.editor.destroy(); // the editor goes: so does its draft
		expect(a.awareness.getLocalState()?.draft).toBeNull();
	});
});

describe('drafts are never stored', () => {
	it('stay out of the document and the undo stack until pointer-up, which adds one step', () => {
		const { a } = setup();
		const before = Y.encodeStateAsUpdate(a.doc);
		a.down(100, 100);
		for (let i = 1; i <= 50; i++) a.move(100 + 2 * i, 100 + (i % 7));
		// The whole stroke so far is in the presence state...
		expect(a.awareness.getLocalState()?.draft).toMatchObject({ type: 'pen' });
		// ...and nowhere in the document: no update, no undo step.
		expect(a.updates).toEqual([]);
		expect(Y.encodeStateAsUpdate(a.doc)).toEqual(before);
		expect(a.board.canUndo).toBe(false);
		a.up(210, 100);
		expect(a.updates).toHaveLength(1);
		expect(a.board.elementCount).toBe(1);
		expect(a.awareness.getLocalState()?.draft).toBeNull();
		expect(a.board.undo()).toBe(true);
		expect(a.board.elementCount).toBe(0);
		expect(a.board.canUndo).toBe(false);
	});
});
