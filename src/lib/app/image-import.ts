/**
 * An image file as the board takes it: decoded in the browser (PNG, JPEG, WebP, GIF's first
 * frame; SVG rasterised, never inlined as markup), scaled down to at most MAX_IMAGE_SIDE on its
 * long side, and re-encoded (WebP where the browser can, else PNG) to at most MAX_IMAGE_BYTES.
 * (The limits are what one entry of the relay's copy holds; PROTOCOL.md, "Board document".)
 * Anything else is refused with an ImageImportError that says why, and nothing is added.
 */
import { blobHash } from '$lib/board/blobs';
import { IMAGE_MIMES, type ImageMime } from '$lib/board/elements';
import type { Point } from '$lib/geometry/point';
import type { Rect } from '$lib/geometry/rect';

export const MAX_IMAGE_SIDE = 2048;
/** Under the board's MAX_BLOB_BYTES with room to spare. */
export const MAX_IMAGE_BYTES = 900_000;
/** Larger files are refused before decoding (a 2,048 px image never needs this much). */
const MAX_FILE_BYTES = 50 * 1024 * 1024;
const QUALITIES = [0.9, 0.8, 0.65, 0.5];

export class ImageImportError extends Error {
	override name = 'ImageImportError';
}

export interface ImportedImage {
	bytes: Uint8Array;
	mime: ImageMime;
	hash: string;
	width: number;
	height: number;
}

export async function importImage(
	file: File | Blob,
	name = fileName(file)
): Promise<ImportedImage> {
	if (!file.type.startsWith('image/')) {
		throw new ImageImportError(`${name} is not an image (PNG, JPEG, WebP, GIF or SVG)`);
	}
	if (file.size > MAX_FILE_BYTES) throw new ImageImportError(`${name} is too large (over 50 MB)`);
	let source: ImageBitmap;
	try {
		source =
			file.type === 'image/svg+xml' ? await rasteriseSvg(file) : await createImageBitmap(file);
	} catch {
		throw new ImageImportError(`${name} could not be read as an image`);
	}
	let scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(source.width, source.height, 1));
	for (let tries = 0; tries < 4; tries++, scale *= 0.7) {
		const width = Math.max(1, Math.round(source.width * scale));
		const height = Math.max(1, Math.round(source.height * scale));
		const canvas = new OffscreenCanvas(width, height);
		canvas.getContext('2d')?.drawImage(source, 0, 0, width, height);
		for (const quality of QUALITIES) {
			const blob = await canvas.convertToBlob({ type: 'image/webp', quality });
			const mime = IMAGE_MIMES.find((m) => m === blob.type);
			if (mime === undefined) break;
			if (blob.size > MAX_IMAGE_BYTES) {
				if (mime === 'image/png') break; // no quality to lower: make it smaller
				continue;
			}
			const bytes = new Uint8Array(await blob.arrayBuffer());
			source.close();
			return { bytes, mime, hash: await blobHash(bytes), width, height };
		}
	}
	source.close();
	throw new ImageImportError(`${name} does not fit in 900 KB even scaled down`);
}

const fileName = (file: File | Blob): string =>
	'name' in file && file.name !== '' ? `"${file.name}"` : 'The pasted file';

/** SVG through an <img> (its scripts never run there), then to pixels. */
async function rasteriseSvg(file: Blob): Promise<ImageBitmap> {
	const url = URL.createObjectURL(file);
	try {
		const img = new Image();
		img.src = url;
		await img.decode();
		const width = img.naturalWidth || 1024;
		const height = img.naturalHeight || 768;
		return await createImageBitmap(img, { resizeWidth: width, resizeHeight: height });
	} finally {
		URL.revokeObjectURL(url);
	}
}

/**
 * Where a new image goes: centred on `at` (default the view's centre), at its own pixel size on
 * screen, or smaller so that it takes at most 60 % of the view.
 */
export function placeImage(
	image: { width: number; height: number },
	view: Rect,
	zoom: number,
	at?: Point
): { x: number; y: number; w: number; h: number } {
	const fit = Math.min(
		1 / zoom,
		(0.6 * (view.maxX - view.minX)) / image.width,
		(0.6 * (view.maxY - view.minY)) / image.height
	);
	const w = image.width * fit;
	const h = image.height * fit;
	const centre = at ?? { x: (view.minX + view.maxX) / 2, y: (view.minY + view.maxY) / 2 };
	return { x: centre.x - w / 2, y: centre.y - h / 2, w, h };
}
