/**
 * What both exports share: options with their defaults, and the area to export (every element's
 * ink plus padding).
 */
import type { BoardElement } from '$lib/board/elements';
import type { TextMeasure } from '$lib/geometry/element-bounds';
import { rectUnion, type Rect } from '$lib/geometry/rect';
import { compareStackKeys } from '$lib/renderer/redraw-plan';
import { paintBounds } from '$lib/renderer/paint-bounds';
import { LIGHT_THEME, type Theme } from '$lib/theme/theme';

export interface ExportOptions {
	/** Output pixels per board pixel (PNG only). Default 1; lowered if the image would be huge. */
	scale?: number;
	/** Board pixels of empty margin around the elements. Default 16. */
	padding?: number;
	/** Page colour; null = transparent. Default: the theme's background. */
	background?: string | null;
	/** Colours (dark ink is mapped in the dark theme). Default: light, whatever the screen shows. */
	theme?: Readonly<Theme>;
	/** Text widths; default: canvas measurement where there is a canvas, else an estimate. */
	measureText?: TextMeasure;
	/** Image bytes by blob hash (Board.blob); without them, images export as placeholders. */
	blob?: (hash: string) => Uint8Array | undefined;
}

export interface ResolvedExport {
	elements: readonly BoardElement[];
	/** Board area of the image, padding included. */
	area: Rect;
	background: string | null;
	theme: Readonly<Theme>;
}

export function resolveExport(
	elements: readonly BoardElement[],
	options: ExportOptions,
	measure: TextMeasure
): ResolvedExport {
	const padding = Math.max(0, options.padding ?? 16);
	const theme = options.theme ?? LIGHT_THEME;
	let ink: Rect | null = null;
	for (const el of elements) ink = rectUnion(ink, paintBounds(el, measure));
	const core = ink ?? { minX: 0, minY: 0, maxX: 0, maxY: 0 };
	return {
		// Stacking order, whatever order the caller passed them in.
		elements: [...elements].sort(compareStackKeys),
		area: {
			minX: Math.floor(core.minX - padding),
			minY: Math.floor(core.minY - padding),
			maxX: Math.ceil(core.maxX + padding),
			maxY: Math.ceil(core.maxY + padding)
		},
		background: options.background === undefined ? theme.background : options.background,
		theme
	};
}
