import { describe, expect, it } from 'vitest';
import { NOTE_DEFAULT_SIZE } from '../../src/lib/geometry/note-layout';
import { createHarness } from './tool-harness';

const HALF = NOTE_DEFAULT_SIZE / 2;

describe('sticky note tool', () => {
	it('a click opens a new note centred there; committing writes the note and its text at once', () => {
		const h = createHarness('note', { color: '#fab005', width: 4 });
		h.down(300, 200);
		h.up(300, 200);
		expect(h.controller.text.session).toMatchObject({
			id: null,
			x: 300 - HALF,
			y: 200 - HALF,
			color: '#fab005',
			note: { w: NOTE_DEFAULT_SIZE, h: NOTE_DEFAULT_SIZE }
		});
		expect(h.board.elementCount).toBe(0);
		h.controller.text.commit('Buy milk');
		expect(h.board.elements()).toEqual([
			expect.objectContaining({
				type: 'note',
				x: 300 - HALF,
				y: 200 - HALF,
				w: NOTE_DEFAULT_SIZE,
				h: NOTE_DEFAULT_SIZE,
				color: '#fab005',
				text: 'Buy milk'
			})
		]);
		// One undo step for the note and its text.
		h.board.undo();
		expect(h.board.elementCount).toBe(0);
	});

	it('keeps a note whose text is emptied, and a new note left blank', () => {
		const h = createHarness('note');
		h.down(0, 0);
		h.controller.text.commit('');
		expect(h.board.elements()).toEqual([expect.objectContaining({ type: 'note', text: '' })]);
		const [note] = h.board.elements();
		h.down(0, 0); // on the note: edits it
		expect(h.controller.text.session).toMatchObject({ id: note?.id, text: '' });
		expect(h.controller.overlay().hidden).toEqual([note?.id]);
		h.controller.text.commit('now with text');
		h.down(0, 0);
		h.controller.text.commit('   ');
		expect(h.board.get(note!.id)).toMatchObject({ type: 'note', text: '   ' });
	});

	it('is opened for editing by a double-click with the select tool and by the text tool', () => {
		const h = createHarness('select');
		const id = h.board.add({
			type: 'note',
			x: 0,
			y: 0,
			w: 200,
			h: 100,
			color: '#1971c2',
			text: 'hello',
			width: 1
		});
		h.down(50, 50);
		h.up(50, 50);
		h.down(50, 50, { clicks: 2 });
		expect(h.controller.text.session).toMatchObject({
			id,
			text: 'hello',
			note: { w: 200, h: 100 }
		});
		h.controller.text.commit('hello again');
		expect(h.board.get(id)).toMatchObject({ text: 'hello again' });

		const t = createHarness('text');
		const other = t.board.add({
			type: 'note',
			x: 0,
			y: 0,
			w: 200,
			h: 100,
			color: '#1971c2',
			text: 'x',
			width: 1
		});
		t.down(10, 10);
		expect(t.controller.text.session).toMatchObject({ id: other, note: { w: 200, h: 100 } });
	});
});
