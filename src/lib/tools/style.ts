/** Colours and widths offered by the toolbar, and how each tool turns them into element fields. */
import { MAX_STROKE_WIDTH } from '$lib/board/limits';

export interface ToolStyle {
	color: string;
	/** Stroke width in board px as picked in the toolbar (tools may scale it, see below). */
	width: number;
}

export const COLORS = [
	{ name: 'black', value: '#1e1e1e' },
	{ name: 'grey', value: '#868e96' },
	{ name: 'red', value: '#e03131' },
	{ name: 'pink', value: '#c2255c' },
	{ name: 'violet', value: '#7048e8' },
	{ name: 'blue', value: '#1971c2' },
	{ name: 'teal', value: '#0c8599' },
	{ name: 'green', value: '#2f9e44' },
	{ name: 'yellow', value: '#fab005' },
	{ name: 'orange', value: '#f08c00' }
] as const;

/** Widths in board pixels (a mouse draws exactly this; pen pressure scales it). */
export const WIDTHS = [
	{ name: 'thin', value: 2 },
	{ name: 'medium', value: 4 },
	{ name: 'thick', value: 8 },
	{ name: 'extra thick', value: 16 }
] as const;

export const DEFAULT_STYLE: Readonly<ToolStyle> = { color: '#1e1e1e', width: 4 };

/** A highlighter is drawn this many times wider than the picked width, so it covers text. */
export const HIGHLIGHTER_WIDTH_FACTOR = 4;

export const highlighterWidth = (width: number): number =>
	Math.min(MAX_STROKE_WIDTH, width * HIGHLIGHTER_WIDTH_FACTOR);

/** Text size follows the picked width: thin 20, medium 24, thick 32, extra thick 48. */
export const fontSizeFor = (width: number): number => 16 + width * 2;
