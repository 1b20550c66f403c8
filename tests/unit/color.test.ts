import { describe, expect, it } from 'vitest';
import { isValidColor } from '../../src/lib/board/limits';
import { formatHexColor, isHexColor, parseHexColor } from '../../src/lib/color';
import { svgColor } from '../../src/lib/export/svg';
import { isPresenceColor } from '../../src/lib/presence/presence-state';

describe('hex colours', () => {
	it('accepts the four hex forms and nothing else, the same for elements and presence', () => {
		const good = ['#abc', '#ABCD', '#a1b2c3', '#a1b2c3d4'];
		const bad = ['abc', '#ab', '#abcde', '#abcdefg', '#gggggg', 'red', 'rgb(0,0,0)', '#fff;', 3];
		for (const check of [isHexColor, isValidColor, isPresenceColor]) {
			for (const c of good) expect(check(c), String(c)).toBe(true);
			for (const c of bad) expect(check(c), String(c)).toBe(false);
		}
	});

	it('parses short and long forms into channels, alpha only when written', () => {
		expect(parseHexColor('#f08')).toEqual({ r: 255, g: 0, b: 136, a: null });
		expect(parseHexColor('#f08c')).toEqual({ r: 255, g: 0, b: 136, a: 204 });
		expect(parseHexColor('#1E1E2E')).toEqual({ r: 30, g: 30, b: 46, a: null });
		expect(parseHexColor('#1e1e2e80')).toEqual({ r: 30, g: 30, b: 46, a: 128 });
		expect(parseHexColor('#1e1e2')).toBeNull();
		expect(parseHexColor(' #fff')).toBeNull();
	});

	it('formats channels as lower-case #rrggbb[aa], rounding', () => {
		expect(formatHexColor({ r: 255, g: 0, b: 136, a: null })).toBe('#ff0088');
		expect(formatHexColor({ r: 1.4, g: 15.6, b: 171, a: 128 })).toBe('#0110ab80');
		expect(formatHexColor(parseHexColor('#ABC')!)).toBe('#aabbcc');
	});

	it('gives the SVG export a colour and an opacity', () => {
		expect(svgColor('#ABC')).toEqual({ color: '#aabbcc', opacity: 1 });
		expect(svgColor('#00000080')).toEqual({ color: '#000000', opacity: 0.502 });
		expect(svgColor('nope')).toEqual({ color: '#000000', opacity: 1 });
	});
});
