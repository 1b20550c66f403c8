import { describe, expect, it } from 'vitest';
import { fontSizeFor } from '../../src/lib/tools/style';
import { createHarness } from './tool-harness';

describe('text tool', () => {
	it('a click opens an empty box there; committing text creates one element', () => {
		const h = createHarness('text', { color: '#e03131', width: 4 });
		h.down(100, 200);
		h.up(100, 200);
		const session = h.controller.text.session;
		expect(session).toMatchObject({ id: null, x: 100, color: '#e03131', text: '' });
		expect(session?.fontSize).toBe(fontSizeFor(4));
		expect(h.board.elementCount).toBe(0);

		h.controller.text.commit('Hello\nworld');
		expect(h.controller.text.session).toBeNull();
		expect(h.board.elements()).toEqual([
			expect.objectContaining({ type: 'text', x: 100, y: session?.y, text: 'Hello\nworld' })
		]);
	});

	it('committing an empty new box creates nothing', () => {
		const h = createHarness('text');
		h.down(0, 0);
		h.controller.text.commit('   ');
		expect(h.board.elementCount).toBe(0);
	});

	it('clicking an existing text edits it (hidden on the static layer); emptying it deletes it', () => {
		const h = createHarness('text');
		const id = h.board.add({
			type: 'text',
			x: 0,
			y: 0,
			text: 'abc',
			fontSize: 20,
			color: '#000000',
			width: 2
		});
		h.down(5, 5);
		expect(h.controller.text.session).toMatchObject({ id, text: 'abc' });
		expect(h.controller.overlay().hidden).toEqual([id]);
		h.controller.text.commit('abcd');
		expect(h.board.get(id)).toMatchObject({ text: 'abcd' });
		expect(h.controller.overlay().hidden).toEqual([]);

		h.down(5, 5);
		h.controller.text.commit('');
		expect(h.board.get(id)).toBeUndefined();
		h.board.undo();
		expect(h.board.get(id)).toMatchObject({ text: 'abcd' });
	});

	it('a press elsewhere while editing commits the latest text and starts nothing new', () => {
		const h = createHarness('text');
		h.down(0, 0);
		h.controller.text.setText('typed');
		expect(h.down(300, 300)).toBe(false);
		expect(h.controller.text.session).toBeNull();
		expect(h.board.elements()).toEqual([expect.objectContaining({ text: 'typed', x: 0 })]);
	});

	it('switching tools commits the open box', () => {
		const h = createHarness('text');
		h.down(0, 0);
		h.controller.text.setText('keep me');
		h.controller.setTool('pen');
		expect(h.board.elementCount).toBe(1);
	});
});

describe('text editing from the select tool', () => {
	it('double-click on empty canvas opens a new text box there', () => {
		const h = createHarness('select');
		h.down(50, 60);
		h.up(50, 60);
		h.down(50, 60, { clicks: 2 });
		h.up(50, 60);
		expect(h.controller.text.session).toMatchObject({ id: null, x: 50 });
		expect(h.controller.tool.name).toBe('select');
	});

	it('the session object stays the same while typing, so the UI can tell boxes apart', () => {
		const h = createHarness('text');
		h.down(0, 0);
		const session = h.controller.text.session;
		h.controller.text.setText('a');
		h.controller.text.setText('ab');
		expect(h.controller.text.session).toBe(session);
		h.controller.text.commit();
		expect(h.board.elements()).toEqual([expect.objectContaining({ text: 'ab' })]);
	});
});
