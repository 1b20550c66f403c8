/**
 * Colours are hex literals everywhere (elements, presence, themes, exports): '#rgb', '#rgba',
 * '#rrggbb' or '#rrggbbaa'. Hex only, so rendering is deterministic and nothing but a plain colour
 * reaches a canvas, an SVG or CSS. A leaf module: it imports nothing of ours.
 */

export const HEX_COLOR_PATTERN = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

export const isHexColor = (value: unknown): value is string =>
	typeof value === 'string' && HEX_COLOR_PATTERN.test(value);

/** Channels 0..255. */
export interface Rgba {
	r: number;
	g: number;
	b: number;
	/** 0..255, or null when the colour had no alpha digits. */
	a: number | null;
}

/** The channels of a hex colour, or null if it is not one. */
export function parseHexColor(color: string): Rgba | null {
	if (!HEX_COLOR_PATTERN.test(color)) return null;
	const hex = color.slice(1);
	const digits = hex.length <= 4 ? [...hex].map((c) => c + c) : (hex.match(/../g) ?? []);
	const [r, g, b, a] = digits.map((d) => parseInt(d, 16));
	if (r === undefined || g === undefined || b === undefined) return null;
	return { r, g, b, a: a ?? null };
}

const hex2 = (n: number): string => Math.round(n).toString(16).padStart(2, '0');

/** '#rrggbb', or '#rrggbbaa' when there is an alpha; lower case. */
export const formatHexColor = ({ r, g, b, a }: Rgba): string =>
	`#${hex2(r)}${hex2(g)}${hex2(b)}${a === null ? '' : hex2(a)}`;
