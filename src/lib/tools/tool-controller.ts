/**
 * Routes input to the active tool and composes what the overlay shows. Framework-free: the
 * Whiteboard component is a thin shell that turns DOM events into calls on this.
 *
 * Pointer routing: a second touch turns the gesture into a pinch (the tool's gesture is
 * cancelled) and the fingers steer the view until they all lift; a middle-button drag pans
 * whatever the tool; every other press goes to the active tool. In pen mode (on by itself once a
 * pen touches the board, unless turned off) a single touch pans instead, and touches are ignored
 * while the pen draws: a palm resting on the screen neither draws nor cancels the stroke.
 */
import type { Board } from '$lib/board/board';
import type { TextMeasure } from '$lib/geometry/element-bounds';
import { deleteSelection, duplicateSelection, selectAll } from './actions';
import type { ToolContext, ViewportControl } from './context';
import { createTools } from './create-tools';
import type { OverlayState } from './overlay-state';
import { HandTool } from '$lib/tools/hand/hand-tool';
import { Selection } from './selection';
import type { ToolStyle } from './style';
import { TextEditing } from '$lib/tools/text/text-editing';
import type { Tool, ToolName } from './tool';
import type { ToolPointerInput } from './tool-input';
import { PinchGesture } from '$lib/tools/viewport/pinch-gesture';

export interface ToolControllerOptions {
	board: Board;
	viewport: ViewportControl;
	style: () => ToolStyle;
	/** The renderer's text measure (renderer/text-measure.ts; estimateTextSize in tests). */
	textMeasure: TextMeasure;
	initialTool?: ToolName;
	requestFrame?: (callback: () => void) => void;
	/** The overlay must be repainted (renderer.invalidateOverlay). */
	onInvalidate?: () => void;
	/** 'off': touch always draws. 'auto' (default): pen mode starts when a pen is first used. */
	penMode?: PenModeSetting;
	/** The active tool, the selection or the text box changed (for the UI). */
	onStateChange?: () => void;
}

/** How a press should be handled, decided by the caller from the DOM event. */
export interface PressKind {
	touch: boolean;
	/** Middle button: pan with any tool. */
	pan: boolean;
	/** A pen (stylus). */
	pen?: boolean;
}

export type PenModeSetting = 'auto' | 'off';

const defaultRequestFrame = (callback: () => void): void => {
	if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
	else setTimeout(callback, 16);
};

export class ToolController {
	readonly board: Board;
	readonly selection: Selection;
	readonly text: TextEditing;
	readonly tools: Readonly<Record<ToolName, Tool>>;
	readonly #ctx: ToolContext;
	readonly #options: ToolControllerOptions;
	readonly #pinch = new PinchGesture();
	/** Pans for a middle-button drag, whatever the active tool. */
	readonly #panner: HandTool;
	/** Touches left over from a pinch: ignored until lifted, so they never draw. */
	readonly #ignored = new Set<number>();
	#pointerOwner: Tool | null = null;
	#penModeSetting: PenModeSetting;
	#sawPen = false;
	/** The pen pointer drawing now, if any: touches wait until it lifts. */
	#penPointer: number | null = null;
	#active: Tool;
	#overlay: OverlayState | null = null;
	readonly #unsubscribe: () => void;

	constructor(options: ToolControllerOptions) {
		this.#options = options;
		this.#penModeSetting = options.penMode ?? 'auto';
		this.board = options.board;
		this.selection = new Selection(options.board);
		this.text = new TextEditing(
			options.board,
			() => options.style().width,
			() => this.#stateChanged()
		);
		this.#ctx = {
			board: options.board,
			viewport: options.viewport,
			style: options.style,
			selection: this.selection,
			textMeasure: options.textMeasure,
			invalidate: () => this.invalidate(),
			setTool: (name) => this.setTool(name),
			editText: (request) => this.text.begin(request),
			requestFrame: options.requestFrame ?? defaultRequestFrame
		};
		this.tools = createTools(this.#ctx);
		this.#panner = new HandTool(this.#ctx);
		this.#active = this.tools[options.initialTool ?? 'pen'];
		this.#unsubscribe = this.selection.onChange(() => this.#stateChanged());
	}

	get tool(): Tool {
		return this.#active;
	}

	get context(): ToolContext {
		return this.#ctx;
	}

	/** Whether touch pans instead of drawing now (a pen has been used, and pen mode is not off). */
	get penMode(): boolean {
		return this.#penModeSetting === 'auto' && this.#sawPen;
	}

	/** Whether a pen has been used on this board (the toolbar then offers the pen mode toggle). */
	get sawPen(): boolean {
		return this.#sawPen;
	}

	/** Turns pen mode on (as if a pen had been used) or off (touch draws again). */
	setPenMode(on: boolean): void {
		this.#penModeSetting = on ? 'auto' : 'off';
		if (on) this.#sawPen = true;
		this.#stateChanged();
	}

	/** True while a pointer gesture is under way (undo and tool keys wait until it ends). */
	get busy(): boolean {
		return this.#pointerOwner !== null || this.#pinch.active;
	}

	get cursor(): string {
		return (this.#pointerOwner ?? this.#active).cursor;
	}

	setTool(name: ToolName): void {
		if (this.#active.name === name) return;
		this.cancelGesture();
		this.text.commit();
		this.#active = this.tools[name];
		if (name !== 'select') this.selection.clear();
		this.#stateChanged();
	}

	/** The overlay as of now; the same object until something invalidates it. */
	overlay(): OverlayState {
		if (this.#overlay !== null) return this.#overlay;
		const tool = this.#pointerOwner ?? this.#active;
		const hidden = [...tool.hidden, ...this.text.hidden];
		this.#overlay = {
			draft: tool.draft,
			// No handles around a text box being typed into.
			selection: this.text.session === null ? this.selection.ids : [],
			marquee: tool.marquee,
			hidden,
			laser: tool.laser
		};
		return this.#overlay;
	}

	invalidate(): void {
		this.#overlay = null;
		this.#options.onInvalidate?.();
	}

	/** Returns true if the caller should capture the pointer (a gesture started). */
	pointerDown(input: ToolPointerInput, kind: PressKind): boolean {
		if (this.text.session !== null) {
			// A press outside the text box ends the edit and does nothing else.
			this.text.commit();
			return false;
		}
		if (kind.pen === true && !this.#sawPen) {
			this.#sawPen = true;
			this.#stateChanged();
		}
		// Pen mode: the hand resting on the screen while the pen draws does nothing at all.
		if (kind.touch && this.penMode && this.#penPointer !== null) return false;
		if (kind.touch) {
			const screen = { x: input.sx, y: input.sy };
			if (this.#pinch.down(input.pointerId, screen, this.#ctx.viewport.get())) {
				this.cancelGesture();
				return true;
			}
			if (this.#pinch.active) return true;
		}
		if (this.#pointerOwner !== null) return false; // one gesture at a time
		const pans = kind.pan || (kind.touch && this.penMode);
		const owner = pans ? this.#panner : this.#active;
		owner.handle(input);
		if (owner.activePointerId !== input.pointerId) return false;
		this.#pointerOwner = owner;
		if (kind.pen === true) this.#penPointer = input.pointerId;
		return true;
	}

	pointerMove(input: ToolPointerInput, touch: boolean): void {
		if (touch && this.#pinch.active) {
			const viewport = this.#pinch.move(input.pointerId, { x: input.sx, y: input.sy });
			if (viewport !== null) this.#ctx.viewport.set(viewport);
			return;
		}
		if (touch) this.#pinch.move(input.pointerId, { x: input.sx, y: input.sy });
		if (this.#ignored.has(input.pointerId)) return;
		(this.#pointerOwner ?? this.#active).handle(input);
	}

	/** pointerup or pointercancel. */
	pointerEnd(input: ToolPointerInput, touch: boolean): void {
		if (touch) {
			const wasPinching = this.#pinch.active;
			this.#pinch.up(input.pointerId);
			if (wasPinching) {
				for (const id of this.#pinch.touchIds()) this.#ignored.add(id);
				return;
			}
			if (this.#ignored.delete(input.pointerId)) return;
		}
		const owner = this.#pointerOwner;
		if (owner === null || owner.activePointerId !== input.pointerId) return;
		if (this.#penPointer === input.pointerId) this.#penPointer = null;
		try {
			owner.handle(input);
		} finally {
			this.#pointerOwner = null;
			this.#stateChanged();
		}
	}

	/** Drops the gesture in progress; true if there was one. */
	cancelGesture(): boolean {
		const owner = this.#pointerOwner;
		this.#pointerOwner = null;
		this.#penPointer = null;
		owner?.cancel();
		this.#active.cancel();
		return owner !== null;
	}

	/** Escape: cancel the gesture, else close the text box, else clear the selection. */
	escape(): void {
		if (this.cancelGesture()) return;
		if (this.text.session !== null) return this.text.commit();
		this.selection.clear();
	}

	deleteSelection(): boolean {
		return !this.busy && deleteSelection(this.#ctx);
	}

	duplicateSelection(): boolean {
		return !this.busy && duplicateSelection(this.#ctx);
	}

	selectAll(): void {
		if (this.busy) return;
		this.setTool('select');
		selectAll(this.#ctx);
	}

	/** Removes every element: one undo step, so the menu offers Undo instead of a confirmation. */
	clear(): boolean {
		if (this.busy || this.board.elementCount === 0) return false;
		this.text.commit();
		this.selection.clear();
		this.board.clear();
		return true;
	}

	undo(): boolean {
		if (this.busy) return false;
		this.text.commit();
		return this.board.undo();
	}

	redo(): boolean {
		if (this.busy) return false;
		this.text.commit();
		return this.board.redo();
	}

	destroy(): void {
		this.cancelGesture();
		this.text.cancel();
		this.#unsubscribe();
		this.selection.destroy();
	}

	#stateChanged(): void {
		this.invalidate();
		this.#options.onStateChange?.();
	}
}
