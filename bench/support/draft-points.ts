/**
 * The in-progress figure from the raw probe data: for each pointer move in the drawing page, the
 * first frame of the watching page that showed that stroke's draft (same id as the element it
 * was committed as) with at least that many points.
 */
import type { DraftFrame, PointerStroke } from '../../src/lib/probe/draft-timing.ts';

export interface DraftPointDelays {
	/** Move -> painted, ms, every move whose point was painted. */
	delays: number[];
	/** Moves whose point no frame showed (e.g. superseded by the commit at pointer-up). */
	missing: number;
	/** Strokes of which the watching page painted no draft at all. */
	unseenStrokes: number;
}

export function draftPointDelays(
	strokes: readonly PointerStroke[],
	frames: readonly DraftFrame[]
): DraftPointDelays {
	const byId = new Map<string, DraftFrame[]>();
	for (const frame of frames) {
		let list = byId.get(frame.id);
		if (list === undefined) byId.set(frame.id, (list = []));
		list.push(frame);
	}
	const out: DraftPointDelays = { delays: [], missing: 0, unseenStrokes: 0 };
	for (const { id, moves } of strokes) {
		const shown = id === null ? undefined : byId.get(id);
		if (shown === undefined) {
			out.unseenStrokes++;
			out.missing += moves.length;
			continue;
		}
		for (const move of moves) {
			const frame = shown.find((f) => f.points >= move.point && f.at >= move.at);
			if (frame === undefined) out.missing++;
			else out.delays.push(frame.at - move.at);
		}
	}
	return out;
}
