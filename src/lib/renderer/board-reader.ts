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
	/** An image's bytes (unverified), if the board has them. */
	blob?(hash: string): Uint8Array | undefined;
	/** Called when image bytes arrive. */
	onBlobsChange?(callback: () => void): () => void;
}
