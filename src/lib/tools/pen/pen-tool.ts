/**
 * The pen: a two-state machine (idle -> drawing -> idle) in the style of a tldraw state chart.
 * It collects one pointer's samples into a draft and commits the finished stroke to the board
 * in one call (one Yjs transaction); every other pointer is ignored while drawing.
 */
import type { StrokeInput, StrokePoint } from '$lib/board/types';
import { distance } from '$lib/geometry/point';
import type { ToolPointerInput } from '../tool-input';
import type { PenStyle } from './pen-style';

/** Closer samples add bytes, not detail. */
export const MIN_POINT_DISTANCE = 0.5;
/** About a minute of continuous 240 Hz input; later samples are dropped (the stroke still ends). */
export const MAX_DRAFT_POINTS = 20_000;

/** The only part of Board the pen needs. */
export interface StrokeSink {
	addStroke(input: StrokeInput): string;
}

/** The stroke being drawn, as shown on the overlay. */
export interface PenDraft {
	readonly points: readonly StrokePoint[];
	readonly color: string;
	readonly width: number;
}

type PenState =
	{ name: 'idle' } | { name: 'drawing'; pointerId: number; points: StrokePoint[]; style: PenStyle };

export class PenTool {
	private state: PenState = { name: 'idle' };

	/**
	 * @param getStyle read at pointerdown, so a style change never alters a stroke mid-way
	 */
	constructor(
		private readonly board: StrokeSink,
		private readonly getStyle: () => PenStyle
	) {}

	get stateName(): PenState['name'] {
		return this.state.name;
	}

	/** The pointer currently drawing, if any (the caller captures it). */
	get activePointerId(): number | null {
		return this.state.name === 'drawing' ? this.state.pointerId : null;
	}

	get draft(): PenDraft | null {
		if (this.state.name !== 'drawing') return null;
		const { points, style } = this.state;
		return { points, color: style.color, width: style.width };
	}

	/** Feed one input; returns true if the draft changed (the overlay needs a repaint). */
	handle(input: ToolPointerInput): boolean {
		const state = this.state;
		if (state.name === 'idle') {
			if (input.type !== 'pointerdown') return false;
			const { color, width } = this.getStyle();
			this.state = {
				name: 'drawing',
				pointerId: input.pointerId,
				points: [pointOf(input)],
				style: { color, width }
			};
			return true;
		}
		if (input.pointerId !== state.pointerId) return false; // a second finger, palm, etc.
		switch (input.type) {
			case 'pointerdown':
				return false; // cannot happen for a pointer that is already down
			case 'pointermove':
				return appendPoint(state.points, input);
			case 'pointerup':
				appendPoint(state.points, input);
				this.state = { name: 'idle' };
				this.board.addStroke({ points: state.points, ...state.style });
				return true;
			case 'pointercancel':
				this.state = { name: 'idle' };
				return true;
		}
	}

	/** Abandon the stroke in progress (Escape, lost capture); returns true if there was one. */
	cancel(): boolean {
		if (this.state.name === 'idle') return false;
		this.state = { name: 'idle' };
		return true;
	}
}

const pointOf = (input: ToolPointerInput): StrokePoint => ({
	x: input.x,
	y: input.y,
	pressure: input.pressure
});

function appendPoint(points: StrokePoint[], input: ToolPointerInput): boolean {
	const last = points[points.length - 1];
	if (points.length >= MAX_DRAFT_POINTS) return false;
	if (last !== undefined && distance(last, input) < MIN_POINT_DISTANCE) return false;
	points.push(pointOf(input));
	return true;
}
