import { describe, expect, it } from 'vitest';
import { createInkMap, themeInk } from '../../src/lib/theme/ink';
import {
	DARK_THEME,
	LIGHT_THEME,
	pickTheme,
	resolveTheme,
	watchSystemTheme
} from '../../src/lib/theme/theme';

describe('themes', () => {
	it('picks light or dark, following the system for "system"', () => {
		expect(pickTheme('system', true)).toBe(DARK_THEME);
		expect(pickTheme('system', false)).toBe(LIGHT_THEME);
		expect(pickTheme('light', true)).toBe(LIGHT_THEME);
		expect(pickTheme('dark', false)).toBe(DARK_THEME);
		// No matchMedia in Node: 'system' means light, and watching is a no-op.
		expect(resolveTheme()).toBe(LIGHT_THEME);
		expect(watchSystemTheme(() => {})).toBeTypeOf('function');
	});

	it('defines every colour the renderer reads', () => {
		for (const theme of [LIGHT_THEME, DARK_THEME]) {
			for (const key of ['background', 'selection', 'handleFill', 'handleStroke', 'marquee']) {
				expect(theme[key as keyof typeof theme]).toMatch(/^#[0-9a-f]{6}$/);
			}
		}
	});
});

describe('ink colours', () => {
	it('shows near-black ink as near-white in the dark theme, keeping alpha', () => {
		expect(themeInk(DARK_THEME, '#1e1e1e')).toBe('#e1e1e1');
		expect(themeInk(DARK_THEME, '#000')).toBe('#ffffff');
		expect(themeInk(DARK_THEME, '#00000080')).toBe('#ffffff80');
		expect(themeInk(DARK_THEME, '#333a')).toBe('#ccccccaa');
	});

	it('leaves saturated and light colours, and everything in the light theme, alone', () => {
		expect(themeInk(DARK_THEME, '#e03131')).toBe('#e03131');
		expect(themeInk(DARK_THEME, '#1971c2')).toBe('#1971c2');
		expect(themeInk(DARK_THEME, '#ffffff')).toBe('#ffffff');
		expect(themeInk(LIGHT_THEME, '#1e1e1e')).toBe('#1e1e1e');
		expect(themeInk(DARK_THEME, 'not a colour')).toBe('not a colour');
	});

	it('memoises the mapping per theme', () => {
		const ink = createInkMap(DARK_THEME);
		expect(ink('#1e1e1e')).toBe('#e1e1e1');
		expect(ink('#1e1e1e')).toBe('#e1e1e1');
		expect(createInkMap(LIGHT_THEME)('#1e1e1e')).toBe('#1e1e1e');
	});
});
