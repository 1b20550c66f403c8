/** Commands on the selection, shared by keyboard shortcuts and buttons. */
import type { ToolContext } from './context';

type Ctx = Pick<ToolContext, 'board' | 'selection'>;

/** Delete / Backspace: one transaction, one undo step. */
export function deleteSelection({ board, selection }: Ctx): boolean {
	const ids = selection.ids;
	if (ids.length === 0) return false;
	selection.clear();
	board.remove(ids);
	return true;
}

/** Ctrl/Cmd+D: the copies become the selection. */
export function duplicateSelection({ board, selection }: Ctx): boolean {
	if (selection.size === 0) return false;
	selection.set(board.duplicate(selection.ids));
	return true;
}

/** Ctrl/Cmd+A */
export function selectAll({ board, selection }: Ctx): void {
	selection.set(board.elements().map((el) => el.id));
}
