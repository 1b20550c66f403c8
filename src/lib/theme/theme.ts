/**
 * Light and dark canvas themes: the colours of the page and of the selection chrome, and which
 * one the system prefers. How element colours change with the theme is ink.ts. Pure apart from
 * systemPrefersDark / watchSystemTheme.
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
