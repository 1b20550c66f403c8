/**
 * Pan and zoom as pure functions of the viewport (screen = (board - {x, y}) * zoom). Screen
 * points are CSS px relative to the canvas's top-left.
 */
import type { Point } from '$lib/geometry/point';
import { rectHeight, rectWidth, type Rect } from '$lib/geometry/rect';
import { screenToBoard, type Viewport } from '$lib/geometry/viewport';

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;
/** Keyboard and button zoom steps multiply or divide by this. */
export const ZOOM_STEP = 1.25;
/** Screen px left free around the content by "zoom to fit". */
export const FIT_PADDING = 48;

export const clampZoom = (zoom: number): number =>
	Number.isFinite(zoom) ? Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom)) : 1;

/** Zooms to `zoom` keeping the board point under `screen` where it is. */
export function zoomAt(v: Viewport, screen: Point, zoom: number): Viewport {
	const z = clampZoom(zoom);
	const anchor = screenToBoard(v, screen);
	return { x: anchor.x - screen.x / z, y: anchor.y - screen.y / z, zoom: z };
}

/** Moves the view by a screen distance (content follows the finger: drag right = dx > 0). */
export const panByScreen = (v: Viewport, dx: number, dy: number): Viewport => ({
	x: v.x - dx / v.zoom,
	y: v.y - dy / v.zoom,
	zoom: v.zoom
});

/** Zooms one step in (+1) or out (-1) around the centre of a canvas of the given size. */
export const zoomStep = (v: Viewport, direction: 1 | -1, width: number, height: number): Viewport =>
	zoomAt(v, { x: width / 2, y: height / 2 }, v.zoom * ZOOM_STEP ** direction);

/**
 * The viewport that shows all of `content` centred, never zoomed in past 100% (a single small
 * element should not fill the screen). Null content (an empty board) resets to the origin.
 */
export function zoomToFit(content: Rect | null, width: number, height: number): Viewport {
	if (content === null || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
	const w = Math.max(1, rectWidth(content));
	const h = Math.max(1, rectHeight(content));
	const availableW = Math.max(1, width - 2 * FIT_PADDING);
	const availableH = Math.max(1, height - 2 * FIT_PADDING);
	const zoom = clampZoom(Math.min(1, availableW / w, availableH / h));
	const cx = (content.minX + content.maxX) / 2;
	const cy = (content.minY + content.maxY) / 2;
	return { x: cx - width / 2 / zoom, y: cy - height / 2 / zoom, zoom };
}

/** WheelEvent deltas in px whatever their deltaMode (lines, pages). */
export function wheelDeltaPx(
	delta: { deltaX: number; deltaY: number; deltaMode: number },
	pageHeight: number
): Point {
	const unit = delta.deltaMode === 1 ? 16 : delta.deltaMode === 2 ? pageHeight : 1;
	return { x: delta.deltaX * unit, y: delta.deltaY * unit };
}

/** How strongly a ctrl+wheel / trackpad pinch zooms: a 100 px wheel notch is about ×1.28. */
const WHEEL_ZOOM_SPEED = 0.0025;

/**
 * A wheel event's effect: ctrl/cmd (or a trackpad pinch, which browsers report as ctrl+wheel)
 * zooms around the pointer; otherwise it pans, shift turning vertical scroll horizontal.
 */
export function applyWheel(
	v: Viewport,
	delta: Point,
	at: Point,
	{ zoom, shift }: { zoom: boolean; shift: boolean }
): Viewport {
	if (zoom) {
		const factor = Math.exp(-Math.max(-100, Math.min(100, delta.y)) * WHEEL_ZOOM_SPEED);
		return zoomAt(v, at, v.zoom * factor);
	}
	const dx = shift && delta.x === 0 ? delta.y : delta.x;
	const dy = shift && delta.x === 0 ? 0 : delta.y;
	return panByScreen(v, -dx, -dy);
}

/** The board area a viewport shows on a canvas of `width` × `height` CSS px. */
export const visibleArea = (v: Viewport, width: number, height: number): Rect => ({
	minX: v.x,
	minY: v.y,
	maxX: v.x + width / v.zoom,
	maxY: v.y + height / v.zoom
});

/**
 * The viewport that shows all of `area` centred, zoomed to fill the canvas as far as the area's
 * proportions allow (following a peer whose window has another shape shows at least what they
 * see).
 */
export function showArea(area: Rect, width: number, height: number): Viewport {
	const w = Math.max(1e-6, rectWidth(area));
	const h = Math.max(1e-6, rectHeight(area));
	const zoom = clampZoom(Math.min(width / w, height / h));
	const cx = (area.minX + area.maxX) / 2;
	const cy = (area.minY + area.maxY) / 2;
	return { x: cx - width / 2 / zoom, y: cy - height / 2 / zoom, zoom };
}
