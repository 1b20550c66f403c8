import type { BoardChange, BoardElement } from '$lib/board/elements';

/**
 * The part of Board the renderer uses: it only reads. Board (board/board.ts) satisfies it; the
 * benchmark and tests can hand in anything else with the same shape.
 */
export interface BoardReader {
	/** Valid elements in stacking order (bottom first); shared, never mutated by the renderer. */
	elements(): readonly BoardElement[];
	get(id: string): BoardElement | undefined;
	onChange(callback: (change: BoardChange) => void): () => void;
	/** Image bytes by hash (unverified), and word of their arrival; none: placeholders. */
	readonly blobs?: {
		get(hash: string): Uint8Array | undefined;
		onChange(callback: () => void): () => void;
	};
}
