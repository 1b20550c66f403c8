/**
 * Draws a Board onto two stacked canvases. It only reads the board: it listens for changes,
 * marks layers dirty and paints at most once per animation frame.
 */
import type { Board } from '$lib/board/board';
import { IDENTITY_VIEWPORT, type Viewport } from '$lib/geometry/viewport';
import { FrameScheduler } from './frame-scheduler';
import { OverlayLayer, type OverlayStroke } from './overlay-layer';
import { StaticLayer } from './static-layer';
import { sizeCanvas, type Surface } from './surface';

export interface BoardRendererOptions {
	board: Board;
	/** Finished strokes; opaque, owns the background. */
	staticCanvas: HTMLCanvasElement;
	/** The stroke in progress; transparent, stacked above. */
	overlayCanvas: HTMLCanvasElement;
	/** Read each frame the overlay is invalidated. */
	getDraft: () => OverlayStroke | null;
	viewport?: Viewport;
}

export class BoardRenderer {
	private readonly staticLayer: StaticLayer;
	private readonly overlayLayer: OverlayLayer;
	private readonly scheduler = new FrameScheduler(() => this.drawFrame());
	private readonly surface: Surface;
	private overlayDirty = true;
	private readonly unsubscribe: () => void;

	constructor(private readonly options: BoardRendererOptions) {
		this.surface = {
			cssWidth: 0,
			cssHeight: 0,
			dpr: 1,
			viewport: { ...(options.viewport ?? IDENTITY_VIEWPORT) }
		};
		this.staticLayer = new StaticLayer(options.staticCanvas, options.board);
		this.overlayLayer = new OverlayLayer(options.overlayCanvas);
		this.unsubscribe = options.board.onChange((change) => {
			this.staticLayer.noteChange(change);
			this.scheduler.request();
		});
	}

	get viewport(): Readonly<Viewport> {
		return this.surface.viewport;
	}

	/**
	 * New canvas size. Repaints synchronously: resizing clears the canvases, and waiting for the
	 * next frame would show a blank board for one frame.
	 * @param devicePixels exact backing-store size when the browser reports it
	 */
	resize(
		cssWidth: number,
		cssHeight: number,
		dpr: number,
		devicePixels?: { width: number; height: number }
	): void {
		Object.assign(this.surface, { cssWidth, cssHeight, dpr });
		// Browsers snap the device box to whole pixels (up to 1 px off css * dpr); anything further
		// off is a bad report (emulated scale factors give CSS px), so fall back to the estimate.
		const exact =
			devicePixels !== undefined &&
			Math.abs(devicePixels.width - cssWidth * dpr) <= 1 &&
			Math.abs(devicePixels.height - cssHeight * dpr) <= 1;
		const width = exact ? devicePixels.width : cssWidth * dpr;
		const height = exact ? devicePixels.height : cssHeight * dpr;
		sizeCanvas(this.options.staticCanvas, width, height);
		sizeCanvas(this.options.overlayCanvas, width, height);
		this.staticLayer.markFullRedraw();
		this.overlayDirty = true;
		this.scheduler.cancel();
		this.drawFrame();
	}

	setViewport(viewport: Viewport): void {
		this.surface.viewport = { ...viewport };
		this.staticLayer.markFullRedraw();
		this.invalidateOverlay();
	}

	/** The draft changed: repaint the overlay in the coming frame. */
	invalidateOverlay(): void {
		this.overlayDirty = true;
		this.scheduler.request();
	}

	destroy(): void {
		this.unsubscribe();
		this.scheduler.cancel();
	}

	private drawFrame(): void {
		// Not laid out yet: keep everything pending until the first resize.
		if (this.surface.cssWidth <= 0 || this.surface.cssHeight <= 0) return;
		if (this.staticLayer.dirty) this.staticLayer.draw(this.surface);
		if (this.overlayDirty) {
			this.overlayDirty = false;
			this.overlayLayer.draw(this.options.getDraft(), this.surface);
		}
	}
}
