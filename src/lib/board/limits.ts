/**
 * Bounds on every element field. A value outside them, from this peer or another, is not an
 * element: it is skipped and counted. They are far above anything drawn by hand and low enough
 * that no single value can stall a peer.
 */
import { HEX_COLOR_PATTERN, isHexColor } from '$lib/color';
import { MAX_POINTS } from './stroke-codec';

export { MAX_POINTS };

/** Largest |x|, |y|, |dx|, |dy| in board px, and |x|, |y| of every freehand point (relative). */
export const MAX_ABS_COORD = 10_000_000;
/** Largest w and h of a rectangle or ellipse; both are >= 0. */
export const MAX_SIZE = 1_000_000;
export const MIN_STROKE_WIDTH = 0.5;
export const MAX_STROKE_WIDTH = 200;
export const MIN_FONT_SIZE = 4;
export const MAX_FONT_SIZE = 512;
/** In UTF-16 code units (`string.length`). */
export const MAX_TEXT_LENGTH = 10_000;
/** Packed freehand points; 100,000 points take about 300–500 KB. */
export const MAX_POINTS_BYTES = 1_000_000;
/** z stays well inside the exactly representable integers, so `maxZ + 1` is always larger. */
export const MAX_Z = 2 ** 52;

/** Hex only: deterministic rendering and nothing surprising handed to the canvas. */
export const COLOR_PATTERN = HEX_COLOR_PATTERN;

export const isValidColor = isHexColor;

export const clamp = (value: number, min: number, max: number): number =>
	Math.min(max, Math.max(min, value));
