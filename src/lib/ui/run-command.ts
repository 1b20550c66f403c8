/** Carries out a keyboard shortcut's command on the whiteboard (see tools/shortcuts.ts). */
import type { Command } from '$lib/tools/shortcuts';
import type { ToolName } from '$lib/tools/tool';
import type { ToolController } from '$lib/tools/tool-controller';

export interface CommandTarget {
	controller: ToolController;
	setTool(name: ToolName): void;
	zoomBy(direction: 1 | -1): void;
	resetZoom(): void;
	zoomToFit(): void;
}

/** False if the command did nothing, so the browser may keep the key (e.g. Backspace). */
export function runCommand(command: Command, target: CommandTarget): boolean {
	const { controller } = target;
	switch (command.kind) {
		case 'tool':
			target.setTool(command.tool);
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
		case 'zoom-in':
		case 'zoom-out':
			target.zoomBy(command.kind === 'zoom-in' ? 1 : -1);
			return true;
		case 'zoom-reset':
			target.resetZoom();
			return true;
		case 'zoom-fit':
			target.zoomToFit();
			return true;
	}
}
