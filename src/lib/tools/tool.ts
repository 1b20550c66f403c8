/**
 * What every tool is: a small state machine fed plain pointer inputs. Tools never touch the DOM;
 * they read and write through the ToolContext they were created with.
 */
import type { BoardElement } from '$lib/board/elements';
import type { Point } from '$lib/geometry/point';
import type { Rect } from '$lib/geometry/rect';
import type { ToolPointerInput } from './tool-input';

export const TOOL_NAMES = [
	'select',
	'pen',
	'highlighter',
	'line',
	'arrow',
	'rectangle',
	'ellipse',
	'text',
	'note',
	'laser',
	'eraser',
	'hand'
] as const;

export type ToolName = (typeof TOOL_NAMES)[number];

export const isToolName = (value: unknown): value is ToolName =>
	typeof value === 'string' && (TOOL_NAMES as readonly string[]).includes(value);

export interface Tool {
	readonly name: ToolName;
	/** The current state, e.g. 'idle' or 'drawing' (for tests and debugging). */
	readonly stateName: string;
	/** The pointer this tool is tracking (the caller captures it), or null when idle. */
	readonly activePointerId: number | null;
	/** CSS cursor over the canvas in the current state. */
	readonly cursor: string;
	/** What the tool shows on the overlay; read once per frame by the renderer. */
	readonly draft: BoardElement | null;
	readonly marquee: Rect | null;
	/** Ids the static layer must skip (e.g. what the eraser is about to remove). */
	readonly hidden: readonly string[];
	/** The laser pointer's trail, oldest first; empty for every other tool. */
	readonly laser: readonly Point[];
	handle(input: ToolPointerInput): void;
	/** Abandon the gesture in progress (Escape, a second finger, tool switch, lost capture). */
	cancel(): void;
}

/** Fields of Tool with neutral values, for tools that have nothing to show. */
export abstract class BaseTool {
	get draft(): BoardElement | null {
		return null;
	}
	get marquee(): Rect | null {
		return null;
	}
	get hidden(): readonly string[] {
		return NONE;
	}
	get laser(): readonly Point[] {
		return NO_POINTS;
	}
}

const NO_POINTS: readonly Point[] = Object.freeze([]);

const NONE: readonly string[] = Object.freeze([]);

/**
 * A tool whose state machine follows one pointer: every state but the idle one carries the
 * pointerId it tracks, so the state alone answers `stateName` and `activePointerId`.
 */
export abstract class PointerTool<S extends { name: string; pointerId?: number }> extends BaseTool {
	protected abstract state: S;

	get stateName(): S['name'] {
		return this.state.name;
	}

	get activePointerId(): number | null {
		return this.state.pointerId ?? null;
	}
}
