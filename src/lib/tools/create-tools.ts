/** One instance of every tool, sharing a context. */
import type { ToolContext } from './context';
import { EraserTool } from '$lib/tools/eraser/eraser-tool';
import { HandTool } from '$lib/tools/hand/hand-tool';
import { FreehandTool } from '$lib/tools/pen/freehand-tool';
import { SelectTool } from '$lib/tools/select/select-tool';
import { ShapeTool } from '$lib/tools/shape/shape-tool';
import { LaserTool } from '$lib/tools/laser/laser-tool';
import { NoteTool } from '$lib/tools/text/note-tool';
import { TextTool } from '$lib/tools/text/text-tool';
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
		note: new NoteTool(ctx),
		laser: new LaserTool(ctx),
		eraser: new EraserTool(ctx),
		hand: new HandTool(ctx)
	};
}
