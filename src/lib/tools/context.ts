/**
 * Everything a tool may use, handed to it at construction. Tools read the board and write it
 * only through its API; the overlay is pulled from the tools once per frame (invalidate() just
 * marks it dirty), so pointer moves never paint directly.
 */
import type { Board } from '$lib/board/board';
import type { TextMeasure } from '$lib/geometry/element-bounds';
import type { Viewport } from '$lib/geometry/viewport';
import type { Selection } from './selection';
import type { ToolStyle } from './style';
import type { ToolName } from './tool';

export interface ViewportControl {
	get(): Readonly<Viewport>;
	set(viewport: Viewport): void;
	/** The canvas size in CSS pixels (zoom commands keep its centre). */
	size(): Readonly<{ width: number; height: number }>;
}

/** A text box to open over the canvas: a new one (id null) or an existing element. */
export interface TextEditRequest {
	id: string | null;
	x: number;
	y: number;
	fontSize: number;
	color: string;
	text: string;
	/** Set for a sticky note: its size (the text wraps inside; fontSize is unused). */
	note?: { w: number; h: number };
}

export interface ToolContext {
	readonly board: Board;
	readonly viewport: ViewportControl;
	/** The toolbar's current colour and width (read when a gesture starts). */
	style(): ToolStyle;
	readonly selection: Selection;
	/** The page's text measure, the renderer's too: picking and boxes match the painted text. */
	readonly textMeasure: TextMeasure;
	/** The overlay (draft, marquee, hidden) changed: repaint it in the coming frame. */
	invalidate(): void;
	setTool(name: ToolName): void;
	/** Opens the text editor; commits any edit already open first. */
	editText(request: TextEditRequest): void;
	/** Runs `callback` once before the next paint (requestAnimationFrame in the browser). */
	requestFrame(callback: () => void): void;
}

/**
 * Coalesces writes to one per frame: `mark()` as often as input arrives, `write` runs at most
 * once per frame; `flush()` runs it now (at pointerup) if something is pending.
 */
export class FrameCoalescer {
	#pending = false;

	readonly #requestFrame: (callback: () => void) => void;
	readonly #write: () => void;

	constructor(requestFrame: (callback: () => void) => void, write: () => void) {
		this.#requestFrame = requestFrame;
		this.#write = write;
	}

	mark(): void {
		if (this.#pending) return;
		this.#pending = true;
		this.#requestFrame(() => this.flush());
	}

	flush(): void {
		if (!this.#pending) return;
		this.#pending = false;
		this.#write();
	}

	/** Forget the pending write (the frame callback then does nothing). */
	drop(): void {
		this.#pending = false;
	}
}
