import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardEditor } from '../../src/lib/app/board-editor.svelte';
import { ToolSettings } from '../../src/lib/app/tool-settings.svelte';
import { Board } from '../../src/lib/board/board';
import { pointerInput } from '../../src/lib/tools/tool-input';
import { addRect } from './tool-harness';

function editor() {
	const board = new Board(new Y.Doc());
	const settings = new ToolSettings(); // no localStorage in Node: the defaults
	return { board, settings, editor: new BoardEditor({ board, settings }) };
}

describe('BoardEditor', () => {
	it('tool commands from any control reach the tools and the remembered settings', () => {
		const { settings, editor: e } = editor();
		expect(e.tool).toBe('pen');
		expect(e.run({ kind: 'tool', tool: 'rectangle' })).toBe(true);
		expect(e.controller.tool.name).toBe('rectangle');
		expect(settings.tool).toBe('rectangle');
		e.run({ kind: 'select-all' }); // switches to the select tool itself
		expect(settings.tool).toBe('select');
	});

	it('mirrors the selection and the open text box for the controls', () => {
		const { board, editor: e } = editor();
		addRect(board, 0, 0);
		addRect(board, 300, 0);
		e.run({ kind: 'select-all' });
		expect(e.selection).toHaveLength(2);
		e.run({ kind: 'escape' });
		expect(e.selection).toEqual([]);

		e.run({ kind: 'tool', tool: 'text' });
		const press = { touch: false, pan: false };
		e.controller.pointerDown(pointerInput('pointerdown', 10, 10), press);
		e.controller.pointerEnd(pointerInput('pointerup', 10, 10), false);
		expect(e.textSession).toMatchObject({ id: null, x: 10 });
		e.controller.text.commit('hi');
		expect(e.textSession).toBeNull();
	});

	it('exposes undo availability and counts straight from the board', () => {
		const { board, editor: e } = editor();
		expect(e.canUndo).toBe(false);
		addRect(board, 0, 0);
		expect(e.canUndo).toBe(true);
		expect(e.elementCount).toBe(1);
		e.run({ kind: 'clear' });
		expect(e.elementCount).toBe(0);
		e.run({ kind: 'undo' });
		expect(e.elementCount).toBe(1);
		expect(e.canRedo).toBe(true);
	});

	it('repaints the overlay through the attached renderer only while it is attached', () => {
		const { board, editor: e } = editor();
		let repaints = 0;
		const detach = e.onInvalidate(() => repaints++);
		e.controller.selection.set([addRect(board, 0, 0)]);
		expect(repaints).toBeGreaterThan(0);
		const seen = repaints;
		detach();
		e.controller.selection.clear();
		expect(repaints).toBe(seen);
	});

	it('zooms around the centre of the size the Whiteboard reported', () => {
		const { editor: e } = editor();
		e.resize(1000, 500);
		e.run({ kind: 'zoom-in' });
		expect(e.viewport.x + 500 / e.viewport.zoom).toBeCloseTo(500);
		expect(e.viewport.y + 250 / e.viewport.zoom).toBeCloseTo(250);
	});
});
