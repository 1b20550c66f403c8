/**
 * PNG export: the elements painted by the renderer's own code onto an offscreen canvas covering
 * their bounds, then encoded by the browser.
 */
import type { BoardElement } from '$lib/board/elements';
import { rectHeight, rectWidth } from '$lib/geometry/rect';
import { elementOps } from '$lib/renderer/element-drawing';
import { paintOps, type Context2D } from '$lib/renderer/paint';
import { createTextMeasure } from '$lib/renderer/text-measure';
import { verifiedBlob } from '$lib/board/blobs';
import { createInkMap } from '$lib/theme/ink';
import { resolveExport, type ExportOptions } from './options';

/** Browsers refuse (or crawl on) bigger canvases; the scale is lowered to stay inside. */
export const MAX_EXPORT_SIDE = 8192;
export const MAX_EXPORT_PIXELS = 32_000_000;

/** The scale actually used: the requested one, lowered until the image fits the limits. */
export function fitScale(width: number, height: number, scale: number): number {
	let s = scale > 0 && Number.isFinite(scale) ? scale : 1;
	s = Math.min(s, MAX_EXPORT_SIDE / Math.max(1, width), MAX_EXPORT_SIDE / Math.max(1, height));
	s = Math.min(s, Math.sqrt(MAX_EXPORT_PIXELS / Math.max(1, width * height)));
	return s;
}

async function toPng(canvas: OffscreenCanvas | HTMLCanvasElement): Promise<Blob> {
	if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/png' });
	return new Promise((resolve, reject) =>
		canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))))
	);
}

export async function exportPng(
	elements: readonly BoardElement[],
	options: ExportOptions = {}
): Promise<Blob> {
	const measure = options.measureText ?? createTextMeasure();
	const { elements: sorted, area, background, theme } = resolveExport(elements, options, measure);
	const w = rectWidth(area);
	const h = rectHeight(area);
	const scale = fitScale(w, h, options.scale ?? 1);
	const width = Math.max(1, Math.ceil(w * scale));
	const height = Math.max(1, Math.ceil(h * scale));
	const canvas =
		typeof OffscreenCanvas === 'function'
			? new OffscreenCanvas(width, height)
			: Object.assign(document.createElement('canvas'), { width, height });
	const ctx = canvas.getContext('2d') as Context2D | null;
	if (ctx === null) throw new Error('2D canvas is not available');
	if (background !== null) {
		ctx.fillStyle = background;
		ctx.fillRect(0, 0, width, height);
	}
	const ink = createInkMap(theme);
	const images = await decodeImages(sorted, options.blob);
	for (const el of sorted) {
		ctx.setTransform(scale, 0, 0, scale, (el.x - area.minX) * scale, (el.y - area.minY) * scale);
		paintOps(
			ctx,
			elementOps(el, () => new Path2D(), measure),
			ink,
			(blob) => images.get(blob) ?? null
		);
	}
	return toPng(canvas);
}

/** The images of `elements`, decoded from bytes that match their hash. */
async function decodeImages(
	elements: readonly BoardElement[],
	read: ((hash: string) => Uint8Array | undefined) | undefined
): Promise<Map<string, ImageBitmap>> {
	const images = new Map<string, ImageBitmap>();
	if (read === undefined || typeof createImageBitmap !== 'function') return images;
	for (const el of elements) {
		if (el.type !== 'image' || images.has(el.blob)) continue;
		const bytes = await verifiedBlob(read(el.blob), el.blob);
		if (bytes === null) continue;
		try {
			images.set(
				el.blob,
				await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: el.mime }))
			);
		} catch {
			// Not decodable: its placeholder is exported instead.
		}
	}
	return images;
}
