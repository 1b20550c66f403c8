/** Where a selection box goes when one of its handles is dragged. Pure. */
import { rectHeight, rectWidth, type Rect } from './rect';
import type { HandleName } from './selection-handles';

/**
 * Moves the edges `handle` controls by (dx, dy). The result may be flipped (min > max) when a
 * handle crosses the opposite edge; resizeElement mirrors then. With `keepAspect`, a corner
 * handle scales both sides by the same factor (the larger one), about the opposite corner.
 */
export function resizeBox(
	from: Rect,
	handle: HandleName,
	dx: number,
	dy: number,
	keepAspect = false
): Rect {
	const to = { ...from };
	if (handle.includes('w')) to.minX += dx;
	if (handle.includes('e')) to.maxX += dx;
	if (handle.includes('n')) to.minY += dy;
	if (handle.includes('s')) to.maxY += dy;
	if (!keepAspect || handle.length !== 2) return to;
	const w = rectWidth(from);
	const h = rectHeight(from);
	if (w <= 0 || h <= 0) return to;
	const sx = rectWidth(to) / w;
	const sy = rectHeight(to) / h;
	const s = Math.max(Math.abs(sx), Math.abs(sy));
	const fx = Math.sign(sx) || 1;
	const fy = Math.sign(sy) || 1;
	// The fixed corner stays; the dragged one moves to keep w:h.
	if (handle.includes('w')) to.minX = to.maxX - w * s * fx;
	else to.maxX = to.minX + w * s * fx;
	if (handle.includes('n')) to.minY = to.maxY - h * s * fy;
	else to.maxY = to.minY + h * s * fy;
	return to;
}
