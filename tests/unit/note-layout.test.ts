import { describe, expect, it } from 'vitest';
import { estimateTextSize, TEXT_LINE_HEIGHT } from '../../src/lib/geometry/element-bounds';
import {
	layoutNote,
	NOTE_MAX_FONT_SIZE,
	NOTE_MIN_FONT_SIZE,
	NOTE_PADDING,
	notePaper,
	wrapText
} from '../../src/lib/geometry/note-layout';

// estimateTextSize: 0.6 × fontSize per character. At 10 px a character is 6 px wide.
const measure = estimateTextSize;

describe('note layout', () => {
	it('wraps at spaces, keeps paragraphs, and breaks only words too wide for a line', () => {
		// 60 px: 10 characters a line at 10 px.
		expect(wrapText('one two three four', 60, 10, measure)).toEqual(['one two', 'three four']);
		expect(wrapText('first\n\nthird', 60, 10, measure)).toEqual(['first', '', 'third']);
		expect(wrapText('abcdefghijklmnopqrstuvwxyz', 60, 10, measure)).toEqual([
			'abcdefghij',
			'klmnopqrst',
			'uvwxyz'
		]);
		expect(wrapText('a abcdefghijklm b', 60, 10, measure)).toEqual(['a', 'abcdefghij', 'klm b']);
	});

	it('uses the largest font for short text and shrinks until long text fits', () => {
		const short = layoutNote('Hi', 200, 200, measure);
		expect(short).toEqual({ lines: ['Hi'], fontSize: NOTE_MAX_FONT_SIZE });
		const long = layoutNote('word '.repeat(60).trim(), 200, 200, measure);
		expect(long.fontSize).toBeLessThan(NOTE_MAX_FONT_SIZE);
		expect(long.fontSize).toBeGreaterThanOrEqual(NOTE_MIN_FONT_SIZE);
		const inner = 200 - 2 * NOTE_PADDING;
		expect(long.lines.length * long.fontSize * TEXT_LINE_HEIGHT).toBeLessThanOrEqual(inner);
		for (const line of long.lines) {
			expect(measure(line, long.fontSize).width).toBeLessThanOrEqual(inner);
		}
		expect(long.lines.join(' ')).toBe('word '.repeat(60).trim());
	});

	it('cuts text that cannot fit even at the smallest font at the bottom', () => {
		const { lines, fontSize } = layoutNote('x '.repeat(5000), 100, 100, measure);
		expect(fontSize).toBe(NOTE_MIN_FONT_SIZE);
		expect(lines.length * fontSize * TEXT_LINE_HEIGHT).toBeLessThanOrEqual(100 - 2 * NOTE_PADDING);
	});

	it('tints palette colours into light paper and keeps their alpha', () => {
		expect(notePaper('#000000')).toBe('#a6a6a6');
		expect(notePaper('#fab005')).toBe('#fde3a8');
		expect(notePaper('#ffffff80')).toBe('#ffffff80');
	});
});
