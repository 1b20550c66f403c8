/**
 * The text tool: a click opens a text box there, or on the text element under the pointer to
 * edit it. The box itself is the UI's (a textarea); this tool only decides where and what.
 */
import type { TextElement } from '$lib/board/elements';
import { editNote } from './note-tool';
import { TEXT_LINE_HEIGHT } from '$lib/geometry/element-bounds';
import type { Point } from '$lib/geometry/point';
import type { ToolContext } from '$lib/tools/context';
import { topmostAt } from '$lib/tools/pick';
import { fontSizeFor } from '$lib/tools/style';
import { BaseTool, type Tool } from '$lib/tools/tool';
import type { ToolPointerInput } from '$lib/tools/tool-input';

export class TextTool extends BaseTool implements Tool {
	readonly name = 'text';
	readonly stateName = 'idle';
	readonly activePointerId = null;

	readonly #ctx: ToolContext;

	constructor(ctx: ToolContext) {
		super();
		this.#ctx = ctx;
	}

	get cursor(): string {
		return 'text';
	}

	handle(input: ToolPointerInput): void {
		if (input.type === 'pointerdown') openTextAt(this.#ctx, input);
	}

	cancel(): void {}
}

/** Opens a text box at `p`: the text element there, if any, else a new one. */
export function openTextAt(ctx: ToolContext, p: Point): void {
	const hit = topmostAt(ctx.board, p, ctx.viewport.get().zoom, ctx.textMeasure);
	if (hit?.type === 'text') return editTextElement(ctx, hit);
	if (hit?.type === 'note') return editNote(ctx, hit);
	const { color, width } = ctx.style();
	const fontSize = fontSizeFor(width);
	// Centre the first line on the click, as the caret appears there.
	const y = p.y - (fontSize * TEXT_LINE_HEIGHT) / 2;
	ctx.editText({ id: null, x: p.x, y, fontSize, color, text: '' });
}

/** Reopens an existing text element for editing (text tool click, select double-click). */
export function editTextElement(ctx: ToolContext, el: TextElement): void {
	const { id, x, y, fontSize, color, text } = el;
	ctx.editText({ id, x, y, fontSize, color, text });
}
