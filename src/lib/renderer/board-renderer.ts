/**
 * Draws a board onto two stacked canvases: committed elements on the static layer, the tools'
 * overlay (draft, selection, marquee) and other peers' drafts above it. It only reads: board
 * changes, viewport, theme and overlay invalidations mark layers dirty, and it paints at most once
 * per animation frame. A board change and the overlay that follows from it (a peer's draft that
 * became that element) are painted in the same frame.
 */
import type { BoardElement } from '$lib/board/elements';
import type { TextMeasure } from '$lib/geometry/element-bounds';
import { IDENTITY_VIEWPORT, type Viewport } from '$lib/geometry/viewport';
import { createInkMap } from '$lib/theme/ink';
import { resolveTheme, type Theme } from '$lib/theme/theme';
import type { BoardReader } from './board-reader';
import { FrameScheduler } from './frame-scheduler';
import { ImageBitmaps } from './image-bitmaps';
import {
	OverlayLayer,
	type OverlayLook,
	type OverlayView,
	type RemoteOverlay
} from './overlay-layer';
import type { ImageLookup } from './paint';
import { Scene } from './scene';
import { StaticLayer, type StaticFrameStats } from './static-layer';
import { sizeCanvas, snapViewport, type Surface } from './surface';

export interface BoardRendererOptions {
	/** A Board (or anything with its read API). */
	board: BoardReader;
	/** Committed elements; opaque, owns the background. */
	staticCanvas: HTMLCanvasElement;
	/** Draft, selection, marquee; transparent, stacked above. */
	overlayCanvas: HTMLCanvasElement;
	/** Read in each frame after invalidateOverlay() (and after viewport/theme/board changes). */
	getOverlay: () => OverlayView;
	/**
	 * Other peers' drafts, read with the overlay: none whose element is on the board already, so
	 * a draft and its element never show together or leave a frame between them.
	 */
	getRemoteDrafts?: () => readonly BoardElement[];
	/** Other peers' laser pointer trails (board coords, oldest first), read with the overlay. */
	getRemoteLasers?: () => RemoteOverlay['lasers'];
	/**
	 * How wide text is (renderer/text-measure.ts): the same function the tools and zoom-to-fit
	 * get, so culling, hit testing and the selection box all agree with the painted text.
	 */
	textMeasure: TextMeasure;
	/** Default: the light or dark theme following prefers-color-scheme. */
	theme?: Readonly<Theme>;
	viewport?: Viewport;
	/** Frame scheduling, requestAnimationFrame by default (the benchmark drives frames itself). */
	requestFrame?: (callback: () => void) => number;
	cancelFrame?: (handle: number) => void;
	/** Called after every painted frame (the performance probe listens here). */
	onFrame?: (stats: Readonly<FrameStats>) => void;
}

/** What the last painted frame did (for the benchmark and debugging). */
export interface FrameStats extends StaticFrameStats {
	/** Milliseconds spent in the frame's draw calls (JS side; rasterising may come later). */
	ms: number;
	/**
	 * The screen shows every element in view exactly, with no sliced work for it left (the
	 * overview bitmap may still be building in the background: it is not on screen).
	 */
	complete: boolean;
	/** Other peers' drafts on screen after this frame. */
	remoteDrafts: readonly BoardElement[];
}

const NO_DRAFTS: readonly BoardElement[] = Object.freeze([]);
const NO_LASERS: RemoteOverlay['lasers'] = Object.freeze([]);

export class BoardRenderer {
	readonly #board: BoardReader;
	readonly #staticCanvas: HTMLCanvasElement;
	readonly #overlayCanvas: HTMLCanvasElement;
	readonly #getOverlay: () => OverlayView;
	readonly #getRemoteDrafts: () => readonly BoardElement[];
	readonly #getRemoteLasers: () => RemoteOverlay['lasers'];
	readonly #staticLayer: StaticLayer;
	readonly #overlayLayer: OverlayLayer;
	readonly #scheduler: FrameScheduler;
	readonly #surface: Surface;
	readonly #unsubscribe: () => void;
	#theme: Readonly<Theme>;
	#overlayLook: OverlayLook;
	#overlayDirty = true;
	/** Whether the last overlay had a selection (its boxes follow board changes). */
	#selectionShown = false;
	/** Remote drafts on screen (they leave it when their element arrives). */
	#remoteShown: readonly BoardElement[] = NO_DRAFTS;
	#stats: FrameStats = {
		plan: 'none',
		painted: 0,
		shows: 'nothing',
		ms: 0,
		complete: false,
		remoteDrafts: NO_DRAFTS
	};
	readonly #onFrame?: (stats: Readonly<FrameStats>) => void;
	readonly #images: ImageLookup;
	readonly #unwatchBlobs: (() => void) | undefined;

	constructor(options: BoardRendererOptions) {
		this.#board = options.board;
		this.#staticCanvas = options.staticCanvas;
		this.#overlayCanvas = options.overlayCanvas;
		this.#getOverlay = options.getOverlay;
		this.#getRemoteDrafts = options.getRemoteDrafts ?? (() => NO_DRAFTS);
		this.#getRemoteLasers = options.getRemoteLasers ?? (() => NO_LASERS);
		this.#onFrame = options.onFrame;
		this.#scheduler = new FrameScheduler(
			() => this.#drawFrame(),
			options.requestFrame,
			options.cancelFrame
		);
		this.#theme = options.theme ?? resolveTheme();
		const ink = createInkMap(this.#theme);
		this.#overlayLook = { theme: this.#theme, ink };
		this.#surface = {
			cssWidth: 0,
			cssHeight: 0,
			dpr: 1,
			width: 0,
			height: 0,
			viewport: snapViewport(options.viewport ?? IDENTITY_VIEWPORT, 1)
		};
		// Images decode once, in the background; each repaints where it is used when it is ready.
		const bitmaps = new ImageBitmaps(
			(hash) => this.#board.blobs?.get(hash),
			(hash) => this.#imageReady(hash)
		);
		this.#images = (blob, mime) => bitmaps.get(blob, mime);
		// Bytes arrived: the placeholders look again on their repaint.
		this.#unwatchBlobs = this.#board.blobs?.onChange(() => this.#imageReady(null));
		const scene = new Scene(this.#board, options.textMeasure, {
			background: this.#theme.background,
			ink,
			images: this.#images
		});
		this.#staticLayer = new StaticLayer(this.#staticCanvas, scene);
		this.#overlayLayer = new OverlayLayer(this.#overlayCanvas, options.textMeasure);
		this.#unsubscribe = this.#board.onChange((change) => {
			this.#staticLayer.noteChange(change);
			if (this.#selectionShown || this.#remoteShown.length > 0) this.#overlayDirty = true;
			this.#scheduler.request();
		});
	}

	/** The viewport as drawn: the one last set, snapped to the device pixel grid (< 0.5 px off). */
	get viewport(): Readonly<Viewport> {
		return this.#surface.viewport;
	}

	get theme(): Readonly<Theme> {
		return this.#theme;
	}

	get lastFrame(): Readonly<FrameStats> {
		return this.#stats;
	}

	/**
	 * New canvas size. Repaints synchronously: resizing clears the canvases, and waiting for the
	 * next frame would show a blank board for one frame.
	 * @param devicePixels exact backing-store size when the browser reports it
	 *   (ResizeObserver's devicePixelContentBoxSize)
	 */
	resize(
		cssWidth: number,
		cssHeight: number,
		dpr: number,
		devicePixels?: { width: number; height: number }
	): void {
		// Browsers snap the device box to whole pixels (up to 1 px off css * dpr); anything further
		// off is a bad report (emulated scale factors give CSS px), so fall back to the estimate.
		const exact =
			devicePixels !== undefined &&
			Math.abs(devicePixels.width - cssWidth * dpr) <= 1 &&
			Math.abs(devicePixels.height - cssHeight * dpr) <= 1;
		const width = exact ? devicePixels.width : cssWidth * dpr;
		const height = exact ? devicePixels.height : cssHeight * dpr;
		sizeCanvas(this.#staticCanvas, width, height);
		sizeCanvas(this.#overlayCanvas, width, height);
		Object.assign(this.#surface, {
			cssWidth,
			cssHeight,
			dpr,
			width: this.#staticCanvas.width,
			height: this.#staticCanvas.height,
			viewport: snapViewport(this.#surface.viewport, dpr)
		});
		this.#staticLayer.markFullRedraw();
		this.#overlayDirty = true;
		this.#scheduler.cancel();
		this.#drawFrame();
	}

	/** Pan/zoom: screen = (board - {x, y}) * zoom. Read the result back from `viewport`. */
	setViewport(viewport: Viewport): void {
		const next = snapViewport(viewport, this.#surface.dpr);
		const v = this.#surface.viewport;
		if (next.x === v.x && next.y === v.y && next.zoom === v.zoom) return;
		this.#surface.viewport = next;
		this.#overlayDirty = true;
		this.#scheduler.request();
	}

	/** The overlay state changed: repaint the overlay in the coming frame. */
	invalidateOverlay(): void {
		this.#overlayDirty = true;
		this.#scheduler.request();
	}

	setTheme(theme: Readonly<Theme>): void {
		if (theme === this.#theme) return;
		this.#theme = theme;
		const ink = createInkMap(theme);
		this.#overlayLook = { theme, ink };
		this.#staticLayer.setLook({ background: theme.background, ink, images: this.#images });
		this.invalidateOverlay();
	}

	/** A blob decoded (or, with null, blobs arrived): repaint the images that show it. Rare. */
	#imageReady(hash: string | null): void {
		const ids = this.#board
			.elements()
			.filter((el) => el.type === 'image' && (hash === null || el.blob === hash))
			.map((el) => el.id);
		if (ids.length === 0) return;
		this.#staticLayer.noteChange({ added: [], removed: [], updated: ids });
		this.#scheduler.request();
	}

	/** Paint whatever is pending now instead of in the next animation frame. */
	flush(): void {
		this.#scheduler.cancel();
		this.#drawFrame();
	}

	destroy(): void {
		this.#unsubscribe();
		this.#unwatchBlobs?.();
		this.#scheduler.cancel();
	}

	#drawFrame(): void {
		// Not laid out yet: keep everything pending until the first resize.
		if (this.#surface.width <= 0 || this.#surface.height <= 0) return;
		const start = performance.now();
		const overlay = this.#overlayDirty ? this.#getOverlay() : null;
		// Hidden elements leave the static layer in the same frame the overlay takes them over.
		if (overlay !== null) this.#staticLayer.setHidden(overlay.hidden);
		const s = this.#surface;
		// While the overlay changes (someone is drawing or dragging), background work keeps short.
		const view = { viewport: s.viewport, dpr: s.dpr, width: s.width, height: s.height };
		this.#staticLayer.draw(view, overlay !== null);
		if (overlay !== null) {
			this.#overlayDirty = false;
			this.#selectionShown = overlay.selection.length > 0;
			this.#remoteShown = this.#getRemoteDrafts();
			const remote = { drafts: this.#remoteShown, lasers: this.#getRemoteLasers() };
			this.#overlayLayer.draw(overlay, remote, this.#board, s, this.#overlayLook);
		}
		// Sliced work (exact frame after a zoom, the overview) continues in the next frames.
		if (this.#staticLayer.busy) this.#scheduler.request();
		const stats = this.#staticLayer.stats;
		this.#stats = {
			...stats,
			ms: performance.now() - start,
			complete: stats.shows === 'exact' && !this.#staticLayer.screenBusy,
			remoteDrafts: this.#remoteShown
		};
		this.#onFrame?.(this.#stats);
	}
}
