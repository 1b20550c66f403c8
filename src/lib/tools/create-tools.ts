/** One instance of every tool, sharing a context. */
import type { ToolContext } from './context';
import { EraserTool } from './eraser/eraser-tool';
import { HandTool } from './hand/hand-tool';
import { FreehandTool } from './pen/freehand-tool';
import { SelectTool } from './select/select-tool';
import { ShapeTool } from './shape/shape-tool';
import { TextTool } from './text/text-tool';
import type { Tool, ToolName } from './tool';

export function createTools(ctx: ToolContext): Record<ToolName, Tool> {
	return {
		select: new SelectTool(ctx),
		pen: new FreehandTool('pen', ctx),
		highlighter: new FreehandTool('highlighter', ctx),
		line: new ShapeTool('line', ctx),
		arrow: new ShapeTool('arrow', ctx),
		rectangle: new ShapeTool('rectangle', ctx),
		ellipse: new ShapeTool('ellipse', ctx),
		text: new TextTool(ctx),
		eraser: new EraserTool(ctx),
		hand: new HandTool(ctx)
	};
}
