/**
 * Two-finger pan and pinch-zoom. While two touches are down the board point first under their
 * midpoint stays under it, and the zoom follows the change of distance between the fingers.
 */
import type { Point } from '$lib/geometry/point';
import { screenToBoard, type Viewport } from '$lib/geometry/viewport';
import { clampZoom } from './viewport-math';

interface Start {
	anchor: Point;
	distance: number;
	zoom: number;
}

export class PinchGesture {
	/** Screen positions of the touches that are down, by pointer id. */
	readonly #touches = new Map<number, Point>();
	#start: Start | null = null;

	/** True while two fingers steer the view (tools must not get these touches). */
	get active(): boolean {
		return this.#start !== null;
	}

	/** Touches that are down now. */
	touchIds(): number[] {
		return [...this.#touches.keys()];
	}

	/** A touch went down; returns true when it starts a pinch (the second finger). */
	down(id: number, screen: Point, v: Viewport): boolean {
		this.#touches.set(id, screen);
		if (this.#touches.size !== 2) return false;
		this.#start = this.#measure(v);
		return true;
	}

	/** A touch moved; returns the new viewport while pinching, else null. */
	move(id: number, screen: Point): Viewport | null {
		if (!this.#touches.has(id)) return null;
		this.#touches.set(id, screen);
		const start = this.#start;
		if (start === null) return null;
		const [a, b] = [...this.#touches.values()];
		if (a === undefined || b === undefined) return null;
		const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
		const distance = Math.hypot(a.x - b.x, a.y - b.y);
		const zoom = clampZoom(
			start.distance > 0 ? (start.zoom * distance) / start.distance : start.zoom
		);
		return { x: start.anchor.x - mid.x / zoom, y: start.anchor.y - mid.y / zoom, zoom };
	}

	/** A touch ended or was cancelled. The pinch ends with the first finger lifted. */
	up(id: number): void {
		this.#touches.delete(id);
		if (this.#touches.size < 2) this.#start = null;
	}

	#measure(v: Viewport): Start {
		const [a, b] = [...this.#touches.values()] as [Point, Point];
		const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
		return {
			anchor: screenToBoard(v, mid),
			distance: Math.hypot(a.x - b.x, a.y - b.y),
			zoom: v.zoom
		};
	}
}
