/**
 * Light and dark canvas themes. Elements store one colour for everyone; the theme maps it for
 * display, so black ink drawn in light mode shows near-white in dark mode (and back) without
 * touching the document. Pure apart from systemPrefersDark / watchSystemTheme.
 */

export type ThemeName = 'light' | 'dark';
/** What the user picked; 'system' follows prefers-color-scheme. */
export type ThemeMode = ThemeName | 'system';

export interface Theme {
	name: ThemeName;
	/** Canvas background (also the default PNG background). */
	background: string;
	/** Optional dot grid colour; undefined = no grid. */
	grid?: string;
	/** Selection outlines and the union box. */
	selection: string;
	handleFill: string;
	handleStroke: string;
	/** Marquee outline; its fill is the same colour, translucent. */
	marquee: string;
}

export const LIGHT_THEME: Readonly<Theme> = {
	name: 'light',
	background: '#ffffff',
	selection: '#4f7cff',
	handleFill: '#ffffff',
	handleStroke: '#4f7cff',
	marquee: '#4f7cff'
};

export const DARK_THEME: Readonly<Theme> = {
	name: 'dark',
	background: '#1e1e2e',
	selection: '#8aa8ff',
	handleFill: '#1e1e2e',
	handleStroke: '#8aa8ff',
	marquee: '#8aa8ff'
};

export const themeByName = (name: ThemeName): Readonly<Theme> =>
	name === 'dark' ? DARK_THEME : LIGHT_THEME;

/** The theme for a mode; `prefersDark` is what the system says (see systemPrefersDark). */
export function pickTheme(mode: ThemeMode, prefersDark: boolean): Readonly<Theme> {
	return themeByName(mode === 'system' ? (prefersDark ? 'dark' : 'light') : mode);
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** False where there is no matchMedia (SSR, Node). */
export function systemPrefersDark(): boolean {
	return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
}

/** The theme to use now for a mode, asking the system when the mode is 'system' (the default). */
export const resolveTheme = (mode: ThemeMode = 'system'): Readonly<Theme> =>
	pickTheme(mode, mode === 'system' && systemPrefersDark());

/** Calls back with the new preference whenever the system switches; returns the unsubscriber. */
export function watchSystemTheme(onChange: (prefersDark: boolean) => void): () => void {
	if (typeof matchMedia !== 'function') return () => {};
	const query = matchMedia(DARK_QUERY);
	const listener = (event: MediaQueryListEvent) => onChange(event.matches);
	query.addEventListener('change', listener);
	return () => query.removeEventListener('change', listener);
}

// --- Ink mapping -------------------------------------------------------------------------------

interface Rgba {
	r: number;
	g: number;
	b: number;
	/** 0..255, or null when the colour had no alpha digits. */
	a: number | null;
}

function parseHex(color: string): Rgba | null {
	const m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(color);
	const hex = m?.[1];
	if (hex === undefined) return null;
	const short = hex.length <= 4;
	const digits = short ? [...hex].map((c) => c + c) : (hex.match(/../g) ?? []);
	const [r, g, b, a] = digits.map((d) => parseInt(d, 16));
	if (r === undefined || g === undefined || b === undefined) return null;
	return { r, g, b, a: a ?? null };
}

const hex2 = (n: number): string => Math.round(n).toString(16).padStart(2, '0');

/**
 * Lightness inversion for near-neutral dark ink (black, dark greys): in dark mode '#1e1e1e'
 * becomes '#e1e1e1'. Saturated colours (red, blue...) read well on both backgrounds and keep
 * their identity across themes, so they are left alone; so is every colour in light mode.
 */
export function themeInk(theme: Pick<Theme, 'name'>, color: string): string {
	if (theme.name === 'light') return color;
	const c = parseHex(color);
	if (c === null) return color;
	const max = Math.max(c.r, c.g, c.b);
	const min = Math.min(c.r, c.g, c.b);
	const lightness = (max + min) / 2 / 255;
	const chroma = (max - min) / 255;
	if (lightness > 0.35 || chroma > 0.15) return color;
	// Inverting HSL lightness keeps hue and saturation: L' = 1 - L shifts every channel by the same.
	const shift = 255 - (max + min);
	const alpha = c.a === null ? '' : hex2(c.a);
	return `#${hex2(c.r + shift)}${hex2(c.g + shift)}${hex2(c.b + shift)}${alpha}`;
}

/** A memoised ink map for one theme (colour parsing per element per frame would add up). */
export function createInkMap(theme: Pick<Theme, 'name'>): (color: string) => string {
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
