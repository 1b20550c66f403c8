/**
 * The sticky note tool: a click puts a new note centred on the pointer (in the toolbar's colour)
 * and opens it for typing; a click on an existing note opens that one. The note and its first
 * text are written together when the edit is committed (text-editing.ts).
 */
import type { NoteElement } from '$lib/board/elements';
import { NOTE_DEFAULT_SIZE } from '$lib/geometry/note-layout';
import type { ToolContext } from '$lib/tools/context';
import { topmostAt } from '$lib/tools/pick';
import { BaseTool, type Tool } from '$lib/tools/tool';
import type { ToolPointerInput } from '$lib/tools/tool-input';

export class NoteTool extends BaseTool implements Tool {
	readonly name = 'note';
	readonly stateName = 'idle';
	readonly activePointerId = null;

	readonly #ctx: ToolContext;

	constructor(ctx: ToolContext) {
		super();
		this.#ctx = ctx;
	}

	get cursor(): string {
		return 'copy';
	}

	handle(input: ToolPointerInput): void {
		if (input.type !== 'pointerdown') return;
		const ctx = this.#ctx;
		const hit = topmostAt(ctx.board, input, ctx.viewport.get().zoom, ctx.textMeasure);
		if (hit?.type === 'note') return editNote(ctx, hit);
		const size = NOTE_DEFAULT_SIZE;
		ctx.editText({
			id: null,
			x: input.x - size / 2,
			y: input.y - size / 2,
			fontSize: 0,
			color: ctx.style().color,
			text: '',
			note: { w: size, h: size }
		});
	}

	cancel(): void {}
}

/** Opens an existing note for editing (note or text tool click, select double-click). */
export function editNote(ctx: ToolContext, el: NoteElement): void {
	const { id, x, y, color, text, w, h } = el;
	ctx.editText({ id, x, y, fontSize: 0, color, text, note: { w, h } });
}
