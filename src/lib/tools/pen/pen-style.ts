/** The pen's palette and widths, shared by the toolbar and the Whiteboard's defaults. */

export interface PenStyle {
	color: string;
	width: number;
}

export const PEN_COLORS = [
	{ name: 'black', value: '#1e1e1e' },
	{ name: 'red', value: '#e03131' },
	{ name: 'blue', value: '#1971c2' },
	{ name: 'green', value: '#2f9e44' },
	{ name: 'orange', value: '#f08c00' }
] as const;

/** Widths in board pixels (a mouse draws exactly this; pen pressure scales it 0.5–1.5×). */
export const PEN_WIDTHS = [
	{ name: 'thin', value: 2 },
	{ name: 'medium', value: 4 },
	{ name: 'thick', value: 8 }
] as const;

export const DEFAULT_PEN_STYLE: Readonly<PenStyle> = { color: '#1e1e1e', width: 4 };
