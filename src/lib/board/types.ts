/** One sampled pointer position, in board coordinates (CSS pixels at zoom 1). */
export interface StrokePoint {
	x: number;
	y: number;
	/** 0..1; mice report no pressure and get 0.5. */
	pressure: number;
}

/** A validated stroke as the rest of the app sees it (points already decoded). */
export interface Stroke {
	id: string;
	color: string;
	width: number;
	points: StrokePoint[];
	/** Stacking order; ties (concurrent adds on two peers) are broken by id. */
	z: number;
	createdAt: number;
}

export interface StrokeInput {
	points: StrokePoint[];
	color: string;
	width: number;
}

/**
 * Ids of valid strokes that appeared, disappeared or changed in one Yjs transaction. A stroke
 * overwritten with an invalid value counts as removed; an invalid value fixed as added.
 */
export interface BoardChange {
	added: string[];
	removed: string[];
	updated: string[];
}
