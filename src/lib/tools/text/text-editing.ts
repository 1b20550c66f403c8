/**
 * The one text box open over the canvas, if any (a text element's, or a sticky note's). Editing is
 * local until it is committed: the whole edit is one board write (add, update or, for an emptied
 * text box, remove), one undo step; a new note and its first text are one step too.
 * The edited element is hidden on the static layer meanwhile, so the textarea replaces it.
 */
import type { Board } from '$lib/board/board';
import { MAX_TEXT_LENGTH } from '$lib/board/limits';
import type { TextEditRequest } from '$lib/tools/context';

export class TextEditing {
	#session: Readonly<TextEditRequest> | null = null;
	/** The latest text typed; the session object itself never changes while open. */
	#text = '';
	#hidden: readonly string[] = [];

	readonly #board: Board;
	/** Width stored on new text elements (unused for text, but required by the schema). */
	readonly #strokeWidth: () => number;
	readonly #onChange: () => void;

	constructor(board: Board, strokeWidth: () => number, onChange: () => void) {
		this.#board = board;
		this.#strokeWidth = strokeWidth;
		this.#onChange = onChange;
	}

	get session(): Readonly<TextEditRequest> | null {
		return this.#session;
	}

	get hidden(): readonly string[] {
		return this.#hidden;
	}

	/** Opens a text box; one already open is committed first. */
	begin(request: TextEditRequest): void {
		if (this.#session !== null) this.commit();
		this.#session = Object.freeze({ ...request });
		this.#text = request.text;
		this.#hidden = request.id === null ? [] : [request.id];
		this.#onChange();
	}

	/** Keeps the latest text, so a commit triggered from elsewhere (a click) does not lose it. */
	setText(text: string): void {
		if (this.#session !== null) this.#text = text;
	}

	/** Writes the edit: blank text deletes an existing element and creates nothing. */
	commit(text = this.#text): void {
		const session = this.#session;
		if (session === null) return;
		this.#close();
		const value = text.slice(0, MAX_TEXT_LENGTH);
		const blank = value.trim() === '';
		if (session.note != null) {
			// A note exists with or without text: the tool's click made it, the edit fills it.
			const { x, y, color, note } = session;
			if (session.id !== null) this.#board.update(session.id, { text: value });
			else this.#board.add({ type: 'note', x, y, ...note, color, text: value, width: 1 });
		} else if (session.id === null) {
			if (blank) return;
			const { x, y, color, fontSize } = session;
			this.#board.add({
				type: 'text',
				x,
				y,
				color,
				fontSize,
				text: value,
				width: this.#strokeWidth()
			});
		} else if (blank) {
			this.#board.remove([session.id]);
		} else {
			this.#board.update(session.id, { text: value });
		}
	}

	/** Closes the box without writing anything. */
	cancel(): void {
		if (this.#session !== null) this.#close();
	}

	#close(): void {
		this.#session = null;
		this.#hidden = [];
		this.#onChange();
	}
}
