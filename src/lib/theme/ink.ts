/**
 * Elements store one colour for everyone; the theme maps it for display, so black ink drawn in
 * light mode shows near-white in dark mode (and back) without touching the document.
 */
import { formatHexColor, parseHexColor } from '$lib/color';
import type { Theme } from './theme';

/** Maps an element's stored colour to what the current theme shows. */
export type InkMap = (color: string) => string;

/**
 * Lightness inversion for near-neutral dark ink (black, dark greys): in dark mode '#1e1e1e'
 * becomes '#e1e1e1'. Saturated colours (red, blue...) read well on both backgrounds and keep
 * their identity across themes, so they are left alone; so is every colour in light mode.
 */
export function themeInk(theme: Pick<Theme, 'name'>, color: string): string {
	if (theme.name === 'light') return color;
	const c = parseHexColor(color);
	if (c === null) return color;
	const max = Math.max(c.r, c.g, c.b);
	const min = Math.min(c.r, c.g, c.b);
	const lightness = (max + min) / 2 / 255;
	const chroma = (max - min) / 255;
	if (lightness > 0.35 || chroma > 0.15) return color;
	// Inverting HSL lightness keeps hue and saturation: L' = 1 - L shifts every channel by the same.
	const shift = 255 - (max + min);
	return formatHexColor({ r: c.r + shift, g: c.g + shift, b: c.b + shift, a: c.a });
}

/** A memoised ink map for one theme (colour parsing per element per frame would add up). */
export function createInkMap(theme: Pick<Theme, 'name'>): InkMap {
	if (theme.name === 'light') return (color) => color;
	const cache = new Map<string, string>();
	return (color) => {
		let mapped = cache.get(color);
		if (mapped === undefined) {
			mapped = themeInk(theme, color);
			if (cache.size < 1024) cache.set(color, mapped);
		}
		return mapped;
	};
}
