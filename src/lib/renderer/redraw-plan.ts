/**
 * Decides how little of the static layer a frame must repaint. Pure, so it is unit-tested.
 */
import { rectUnion, type Rect } from '$lib/geometry/rect';

/** Position in the z-order; equal z (concurrent adds) is ordered by id, like Board.strokes(). */
export interface StackKey {
	z: number;
	id: string;
}

export const compareStackKeys = (a: StackKey, b: StackKey): number =>
	a.z - b.z || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface AddedStroke extends StackKey {
	bounds: Rect;
}

export interface PendingRedraw {
	full: boolean;
	/** Union of old and new bounds of removed/updated strokes. */
	dirty: Rect | null;
	added: AddedStroke[];
}

export type RedrawPlan =
	| { kind: 'none' }
	| { kind: 'full' }
	/** Paint these strokes over what is there, in this order. */
	| { kind: 'append'; ids: string[] }
	/** Clear this board-space rectangle and repaint every stroke that intersects it. */
	| { kind: 'region'; rect: Rect };

/**
 * @param drawnTop the highest stroke already on the canvas (null if none)
 */
export function planRedraw(pending: PendingRedraw, drawnTop: StackKey | null): RedrawPlan {
	if (pending.full) return { kind: 'full' };
	const added = [...pending.added].sort(compareStackKeys);
	const lowest = added[0];
	// The common case, a new stroke on top of everything, needs no clearing at all.
	if (pending.dirty === null && lowest !== undefined) {
		if (drawnTop === null || compareStackKeys(lowest, drawnTop) > 0) {
			return { kind: 'append', ids: added.map((a) => a.id) };
		}
	}
	let rect = pending.dirty;
	for (const a of added) rect = rectUnion(rect, a.bounds);
	return rect === null ? { kind: 'none' } : { kind: 'region', rect };
}
