/**
 * Editing one board: the tools (a ToolController over the board), the view (pan and zoom) and
 * every command from every control. The toolbar, the menu, the zoom controls and the keyboard all
 * call `run(command)`, so they share one path with its guards (commands.ts). What the controls
 * show (active tool, selection, open text box, undo/redo availability, element counts) is
 * exposed as runes. The Whiteboard component feeds it pointer input and paints what it says,
 * the other peers' drafts included. Our own draft is offered to presence as it changes.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { Board } from '$lib/board/board';
import { NO_SHARED_DRAFT, type SharedDraft } from '$lib/board/draft-codec';
import type { BoardElement } from '$lib/board/elements';
import type { TextMeasure } from '$lib/geometry/element-bounds';
import type { Point } from '$lib/geometry/point';
import type { Rect } from '$lib/geometry/rect';
import { IDENTITY_VIEWPORT, type Viewport } from '$lib/geometry/viewport';
import { createTextMeasure } from '$lib/renderer/text-measure';
import { runCommand, VIEW_COMMANDS, type Command } from '$lib/tools/commands';
import type { TextEditRequest } from '$lib/tools/context';
import { DraftShare } from '$lib/tools/draft-share';
import { ToolController } from '$lib/tools/tool-controller';
import type { ToolName } from '$lib/tools/tool';
import * as view from '$lib/tools/viewport/viewport-math';
import { ImageImportError, importImage, placeImage, type ImportedImage } from './image-import';
import type { ToolSettings } from './tool-settings.svelte.ts';

export interface BoardEditorOptions {
	board: Board;
	/** Tool, colour and width, remembered across visits; the editor keeps `tool` up to date. */
	settings: ToolSettings;
	/** Default: canvas metrics (renderer/text-measure.ts). */
	textMeasure?: TextMeasure;
	/** Where our draft goes (the room's Presence); none: nobody sees it before it is committed. */
	draftSink?: DraftSink;
	/** What the others are drawing (the room's RemoteDrafts), painted above the board. */
	remoteDrafts?: RemoteDraftSource;
	/** Where the others point their laser (the room's RemoteLasers), painted above everything. */
	remoteLasers?: RemoteLaserSource;
	/** A view-only link: only the hand tool and the view commands; nothing writes to the board. */
	readOnly?: boolean;
}

export interface RemoteLaserSource {
	lasers(): ReadonlyArray<{ points: readonly Point[] }>;
	/** Called when lasers() may have changed; returns the unsubscribe call. */
	onChange(listener: () => void): () => void;
}

const NO_REMOTE_LASERS: RemoteLaserSource = { lasers: () => [], onChange: () => () => {} };

/** Presence's side of our draft: it reads `source` when it shares, told by `draftChanged`. */
export interface DraftSink {
	shareDrafts(source: () => Readonly<SharedDraft>): void;
	draftChanged(): void;
}

export interface RemoteDraftSource {
	drafts(): readonly BoardElement[];
	/** Called when drafts() may have changed; returns the unsubscribe call. */
	onChange(listener: () => void): () => void;
}

/** Why the view changed: the user moved it, a followed peer did, or the canvas was resized. */
export type ViewportChangeCause = 'user' | 'follow' | 'resize';

const NO_REMOTE_DRAFTS: RemoteDraftSource = { drafts: () => [], onChange: () => () => {} };

export class BoardEditor {
	readonly board: Board;
	readonly controller: ToolController;
	/** One measure for painting, picking, the selection box and zoom-to-fit: they must agree. */
	readonly textMeasure: TextMeasure;
	/** The others' drafts, for the Whiteboard's renderer. */
	readonly remoteDrafts: RemoteDraftSource;
	/** The others' laser trails, for the Whiteboard's renderer. */
	readonly remoteLasers: RemoteLaserSource;
	/** A view-only board: see BoardEditorOptions.readOnly. */
	readonly readOnly: boolean;
	readonly #settings: ToolSettings;
	readonly #draftSink: DraftSink | undefined;
	#viewport = $state<Viewport>({ ...IDENTITY_VIEWPORT });
	#selection = $state.raw<readonly string[]>([]);
	#textSession = $state.raw<Readonly<TextEditRequest> | null>(null);
	#pen = $state({ seen: false, mode: false });
	#notice = $state<string | null>(null);
	#size = { width: 0, height: 0 };
	/** Callbacks, not state: nothing renders from this set. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #viewportListeners = new Set<(cause: ViewportChangeCause) => void>();
	/** Repaints the overlay (set by the Whiteboard while its renderer exists). */
	#invalidate: () => void = () => {};
	readonly #subscribeHistory: () => void;
	readonly #subscribeCounts: () => void;

	constructor(options: BoardEditorOptions) {
		this.board = options.board;
		this.readOnly = options.readOnly === true;
		this.#settings = options.settings;
		const settings = options.settings;
		this.textMeasure = options.textMeasure ?? createTextMeasure();
		this.remoteDrafts = options.remoteDrafts ?? NO_REMOTE_DRAFTS;
		this.remoteLasers = options.remoteLasers ?? NO_REMOTE_LASERS;
		const sink = (this.#draftSink = options.draftSink);
		this.controller = new ToolController({
			board: options.board,
			viewport: {
				get: () => this.#viewport,
				set: (viewport) => this.#setViewport(viewport, 'user'),
				size: () => this.#size
			},
			style: () => ({ color: settings.color, width: settings.width }),
			textMeasure: this.textMeasure,
			initialTool: options.readOnly === true ? 'hand' : settings.tool,
			penMode: settings.penMode,
			onInvalidate: () => {
				this.#invalidate();
				sink?.draftChanged();
			},
			onStateChange: () => this.#syncState()
		});
		if (sink !== undefined) {
			const share = new DraftShare(options.board, () => this.controller.overlay());
			sink.shareDrafts(() => share.read());
		}
		this.#subscribeHistory = createSubscriber((update) => this.board.onHistoryChange(update));
		this.#subscribeCounts = createSubscriber((update) => this.board.onChange(update));
	}

	/** Carries out a command from any control; false if it did nothing (see commands.ts). */
	run(command: Command): boolean {
		if (this.readOnly && !VIEW_COMMANDS.has(command.kind)) return false;
		return runCommand(this.controller, command);
	}

	get tool(): ToolName {
		return this.#settings.tool;
	}

	/** Pan and zoom: screen = (board - {x, y}) * zoom. */
	get viewport(): Viewport {
		return this.#viewport;
	}

	set viewport(viewport: Viewport) {
		this.#setViewport(viewport, 'user');
	}

	/** The board area on screen now (board coordinates). */
	get visibleArea(): Rect {
		return view.visibleArea(this.#viewport, this.#size.width, this.#size.height);
	}

	/** Shows all of `area`, centred (following a peer): not a move of the user's own. */
	showArea(area: Rect): void {
		const { width, height } = this.#size;
		if (width <= 0 || height <= 0) return;
		this.#setViewport(view.showArea(area, width, height), 'follow');
	}

	/**
	 * Called after every change of what is on screen, with its cause: the user's own pan or zoom
	 * (any tool, key or wheel), showArea(), or a resize of the canvas. Returns the unsubscribe call.
	 */
	onViewportChange(listener: (cause: ViewportChangeCause) => void): () => void {
		this.#viewportListeners.add(listener);
		return () => this.#viewportListeners.delete(listener);
	}

	/** Ids of the selected elements. */
	get selection(): readonly string[] {
		return this.#selection;
	}

	/** Whether a pen has been used here (the toolbar offers the pen mode toggle from then on). */
	get sawPen(): boolean {
		return this.#pen.seen;
	}

	/** Pen mode: touch pans and zooms instead of drawing (see ToolController). */
	get penMode(): boolean {
		return this.#pen.mode;
	}

	set penMode(on: boolean) {
		this.#settings.penMode = on ? 'auto' : 'off';
		this.controller.setPenMode(on);
	}

	/** A message for the user (a file that is not an image), until dismissed. */
	get notice(): string | null {
		return this.#notice;
	}

	dismissNotice(): void {
		this.#notice = null;
	}

	/**
	 * Adds an image file to the board, centred on `at` (board coordinates; default the view's
	 * centre) and shown at most 60 % of the view's size; selects it. A file that is not a usable
	 * image changes nothing and leaves a notice.
	 */
	async insertImage(file: File | Blob, at?: Point): Promise<boolean> {
		if (this.readOnly) return false;
		let image: ImportedImage;
		try {
			image = await importImage(file);
		} catch (err) {
			this.#notice = err instanceof ImageImportError ? err.message : `Could not add the image`;
			return false;
		}
		const box = placeImage(image, this.visibleArea, this.#viewport.zoom, at);
		const { hash: blob, mime, bytes } = image;
		const id = this.board.addImage(
			{ type: 'image', ...box, blob, mime, color: '#000000', width: 1 },
			bytes
		);
		this.controller.setTool('select');
		this.controller.selection.set([id]);
		return true;
	}

	/** The text box open over the canvas, if any. */
	get textSession(): Readonly<TextEditRequest> | null {
		return this.#textSession;
	}

	get canUndo(): boolean {
		this.#subscribeHistory();
		return this.board.canUndo;
	}

	get canRedo(): boolean {
		this.#subscribeHistory();
		return this.board.canRedo;
	}

	/** Valid elements on the board. */
	get elementCount(): number {
		this.#subscribeCounts();
		return this.board.elementCount;
	}

	/** Elements skipped because they failed validation. */
	get invalidCount(): number {
		this.#subscribeCounts();
		return this.board.invalidCount;
	}

	/** The canvas size in CSS pixels, from the Whiteboard's ResizeObserver. */
	resize(width: number, height: number): void {
		if (width === this.#size.width && height === this.#size.height) return;
		this.#size = { width, height };
		this.#notifyViewport('resize');
	}

	/** The Whiteboard's renderer repaints the overlay through this; returns the detach call. */
	onInvalidate(repaint: () => void): () => void {
		this.#invalidate = repaint;
		return () => {
			if (this.#invalidate === repaint) this.#invalidate = () => {};
		};
	}

	destroy(): void {
		this.controller.destroy();
		this.#draftSink?.shareDrafts(() => NO_SHARED_DRAFT);
	}

	#setViewport(viewport: Viewport, cause: ViewportChangeCause): void {
		this.#viewport = viewport;
		this.#notifyViewport(cause);
	}

	#notifyViewport(cause: ViewportChangeCause): void {
		for (const listener of this.#viewportListeners) listener(cause);
	}

	#syncState(): void {
		const name = this.controller.tool.name;
		// A view-only board's hand tool is not the user's choice of tool.
		if (this.#settings.tool !== name && !this.readOnly) this.#settings.tool = name;
		this.#selection = this.controller.selection.ids;
		this.#textSession = this.controller.text.session;
		this.#pen.seen = this.controller.sawPen;
		this.#pen.mode = this.controller.penMode;
	}
}
