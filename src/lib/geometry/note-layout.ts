/**
 * How a sticky note lays out its text: wrapped at word boundaries inside the padded box, and the
 * font made smaller until every line fits (from NOTE_MAX_FONT_SIZE down to NOTE_MIN_FONT_SIZE;
 * below that the text is cut off at the bottom). The renderer, the PNG and SVG exports and the
 * note editor all lay out with the same function and the page's one text measure, so a note
 * looks the same everywhere it is shown.
 */
import { formatHexColor, parseHexColor } from '$lib/color';
import { TEXT_LINE_HEIGHT, type TextMeasure } from './element-bounds';

export const NOTE_DEFAULT_SIZE = 200;
export const NOTE_PADDING = 14;
export const NOTE_MAX_FONT_SIZE = 28;
export const NOTE_MIN_FONT_SIZE = 10;
/** The note's text is always this dark ink: the paper is light in both themes. */
export const NOTE_INK = '#1e1e1e';
/** How much white goes into the paper: palette colours become light, readable tints. */
const PAPER_WHITE = 0.65;

export interface NoteLayout {
	lines: string[];
	fontSize: number;
}

/** The note's paper: `color` mixed with white (its alpha kept). */
export function notePaper(color: string): string {
	const c = parseHexColor(color);
	if (c === null) return color;
	const mix = (channel: number): number => Math.round(channel + (255 - channel) * PAPER_WHITE);
	return formatHexColor({ r: mix(c.r), g: mix(c.g), b: mix(c.b), a: c.a });
}

/** Lays out `text` in a note of size (w, h). */
export function layoutNote(text: string, w: number, h: number, measure: TextMeasure): NoteLayout {
	const width = Math.max(1, w - 2 * NOTE_PADDING);
	const height = Math.max(1, h - 2 * NOTE_PADDING);
	let fontSize = NOTE_MAX_FONT_SIZE;
	for (;;) {
		const lines = wrapText(text, width, fontSize, measure);
		const fits = lines.length * fontSize * TEXT_LINE_HEIGHT <= height;
		if (fits || fontSize <= NOTE_MIN_FONT_SIZE) {
			const room = Math.max(1, Math.floor(height / (fontSize * TEXT_LINE_HEIGHT)));
			return { lines: fits ? lines : lines.slice(0, room), fontSize };
		}
		fontSize = Math.max(NOTE_MIN_FONT_SIZE, Math.floor(fontSize * 0.9));
	}
}

/**
 * Breaks each paragraph ('\n') into lines no wider than `width`: at spaces where possible, inside
 * a word only when the word alone is too wide.
 */
export function wrapText(
	text: string,
	width: number,
	fontSize: number,
	measure: TextMeasure
): string[] {
	const fits = (line: string): boolean => measure(line, fontSize).width <= width;
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(' ')) {
			const candidate = line === '' ? word : `${line} ${word}`;
			if (fits(candidate)) {
				line = candidate;
				continue;
			}
			if (line !== '') lines.push(line);
			line = '';
			if (fits(word)) {
				line = word;
				continue;
			}
			// A word wider than the note: break it between characters.
			for (const char of Array.from(word)) {
				if (line !== '' && !fits(line + char)) {
					lines.push(line);
					line = '';
				}
				line += char;
			}
		}
		lines.push(line);
	}
	return lines;
}
