/**
 * Board and view commands, and the one place that carries them out. Every control goes through
 * runCommand: the toolbar and menu buttons, the zoom controls and the keyboard shortcuts
 * (shortcuts.ts maps keys to these), so each command gets the same guards — nothing happens in
 * the middle of a gesture, and an open text box is committed first.
 */
import { boundsOfElements } from '$lib/geometry/element-bounds';
import type { ToolName } from './tool';
import type { ToolController } from './tool-controller';
import * as view from './viewport/viewport-math';

export type Command =
	| { kind: 'tool'; tool: ToolName }
	| { kind: 'undo' }
	| { kind: 'redo' }
	| { kind: 'delete' }
	| { kind: 'duplicate' }
	| { kind: 'select-all' }
	| { kind: 'escape' }
	| { kind: 'clear' }
	| { kind: 'zoom-in' }
	| { kind: 'zoom-out' }
	| { kind: 'zoom-reset' }
	| { kind: 'zoom-fit' };

/** Commands that only move the view: all a view-only board runs. */
export const VIEW_COMMANDS: ReadonlySet<Command['kind']> = new Set([
	'escape',
	'zoom-in',
	'zoom-out',
	'zoom-reset',
	'zoom-fit'
]);

/**
 * Carries out a command. False if it did nothing, so that a key press may keep its default
 * (e.g. Backspace with nothing selected).
 */
export function runCommand(controller: ToolController, command: Command): boolean {
	switch (command.kind) {
		case 'tool':
			controller.setTool(command.tool);
			return true;
		case 'undo':
			controller.undo();
			return true;
		case 'redo':
			controller.redo();
			return true;
		case 'delete':
			return controller.deleteSelection();
		case 'duplicate':
			controller.duplicateSelection();
			return true; // never the browser's bookmark dialog
		case 'select-all':
			controller.selectAll();
			return true;
		case 'escape':
			controller.escape();
			return true;
		case 'clear':
			return controller.clear();
		case 'zoom-in':
		case 'zoom-out':
		case 'zoom-reset':
		case 'zoom-fit':
			zoom(controller, command.kind);
			return true;
	}
}

function zoom(
	controller: ToolController,
	kind: 'zoom-in' | 'zoom-out' | 'zoom-reset' | 'zoom-fit'
): void {
	const viewport = controller.context.viewport;
	const current = viewport.get();
	const { width, height } = viewport.size();
	if (kind === 'zoom-fit') {
		const { board, textMeasure } = controller.context;
		const content = boundsOfElements(board.elements(), textMeasure);
		viewport.set(view.zoomToFit(content, width, height));
	} else if (kind === 'zoom-reset') {
		viewport.set(view.zoomAt(current, { x: width / 2, y: height / 2 }, 1));
	} else {
		viewport.set(view.zoomStep(current, kind === 'zoom-in' ? 1 : -1, width, height));
	}
}
