/** Toolbar glyphs: SVG path data on a 24×24 grid, drawn with a 2 px round stroke. */
import type { ToolName } from '$lib/tools/tool';

export const TOOL_ICONS: Readonly<Record<ToolName, string>> = {
	select: 'M5 3l14 8-6 1.5L10 19z',
	pen: 'M4 20c3-1 4-3 6-6l8-8a2 2 0 0 0-3-3l-8 8c-3 2-5 3-6 6z',
	highlighter: 'M5 19h5M9 15l-3 3M9 15l8-8 3 3-8 8zM14 10l3 3',
	line: 'M5 19L19 5',
	arrow: 'M5 19L19 5M11 5h8v8',
	rectangle: 'M4 6h16v12H4z',
	ellipse: 'M12 5c4.5 0 8 3 8 7s-3.5 7-8 7-8-3-8-7 3.5-7 8-7z',
	text: 'M5 6V4h14v2M12 4v16M9 20h6',
	note: 'M5 4h14v10l-6 6H5zM13 20v-6h6M8 9h8M8 12h5',
	laser: 'M4 20l7-7M14 10a3 3 0 1 0 0-.01M17 3v2M21 7h-2M19.5 4.5l-1.5 1.5',
	eraser: 'M8 20h12M4 15l9-9 6 6-8 8H8z',
	hand: 'M8 13V6a1.5 1.5 0 0 1 3 0v5m0-6a1.5 1.5 0 0 1 3 0v6m0-5a1.5 1.5 0 0 1 3 0v8c0 4-2.5 6-6 6-3 0-4.5-1.5-6-4l-2-3.5a1.5 1.5 0 0 1 2.5-1.5L8 14'
};

export const IMAGE_ICON = 'M4 5h16v14H4zM4 16l5-5 4 4 2-2 5 5M15 9.5a1 1 0 1 0 0-.01';
export const UNDO_ICON = 'M9 14L4 9l5-5M4 9h11a5 5 0 0 1 0 10h-4';
export const REDO_ICON = 'M15 14l5-5-5-5M20 9H9a5 5 0 0 0 0 10h4';
