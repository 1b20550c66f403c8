/**
 * Drafts: elements being drawn, shown on the overlay before they exist on the board. They are
 * full BoardElements (the renderer draws them like any other) under the id the element will be
 * committed with (peers see the draft under it too, see board/draft-codec), with placeholder z
 * and createdAt.
 */
import type { BoardElement, ElementInput } from '$lib/board/elements';

/** z and createdAt of a draft; the board assigns real ones on add(). */
export const DRAFT_FIELDS = { z: Number.MAX_SAFE_INTEGER, createdAt: 0 } as const;

/** What board.add() takes for a finished draft (with the draft's id as its second argument). */
export function draftInput(draft: BoardElement): ElementInput {
	const fields: Partial<BoardElement> = { ...draft };
	delete fields.id;
	delete fields.z;
	delete fields.createdAt;
	return fields as ElementInput;
}
