/**
 * What the relay's copy of a board holds, as far as this browser has read it: a state vector and
 * a delete set, built from the snapshot and entries it applied. With it, the browser uploads only
 * what the copy lacks — offline edits, edits made before the relay kept boards, or a peer's that
 * never reached it — and nothing when the copy is complete.
 */
import * as Y from 'yjs';
import { piecesAfter, type SnapshotContent } from './copy-codec';

export class RelayKnowledge {
	#stateVector = new Map<number, number>();
	#deleteSet = Y.createDeleteSet();
	/**
	 * Updates added but not decoded yet: decoding a whole board costs as much as applying it, so it
	 * waits until the knowledge is first asked for (after the board is painted).
	 */
	#undecoded: Uint8Array[] = [];

	/** A snapshot replaces what was known: it holds everything up to what it covers. */
	resetTo(snapshot: SnapshotContent): void {
		this.#undecoded = [];
		this.#stateVector = new Map(snapshot.stateVector);
		const last = snapshot.pieces.at(-1);
		this.#deleteSet = Y.mergeDeleteSets(last ? [Y.decodeUpdate(last).ds] : []);
	}

	clear(): void {
		this.#undecoded = [];
		this.#stateVector = new Map();
		this.#deleteSet = Y.createDeleteSet();
	}

	/** A copy of the state vector: client -> first clock the copy lacks. */
	stateVector(): Map<number, number> {
		this.#decode();
		return new Map(this.#stateVector);
	}

	/** Adds one update the copy holds: its structs extend the state vector where they connect. */
	add(update: Uint8Array): void {
		this.#undecoded.push(update);
	}

	#decode(): void {
		const updates = this.#undecoded;
		this.#undecoded = [];
		for (const update of updates) this.#learn(update);
	}

	#learn(update: Uint8Array): void {
		const { structs, ds } = Y.decodeUpdate(update);
		for (const struct of structs) {
			if (struct instanceof Y.Skip) continue;
			const { client, clock } = struct.id;
			const known = this.#stateVector.get(client) ?? 0;
			// Structs of one client come in clock order; one past a gap starts nothing known.
			if (clock <= known) this.#stateVector.set(client, Math.max(known, clock + struct.length));
		}
		this.#deleteSet = Y.mergeDeleteSets([this.#deleteSet, ds]);
	}

	/** What `doc` has that the copy lacks, as one update; null when the copy has it all. */
	missingFrom(doc: Y.Doc): Uint8Array | null {
		this.#decode();
		const diff = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(this.#stateVector));
		const known = Y.createSnapshot(this.#deleteSet, this.#stateVector);
		return Y.snapshotContainsUpdate(known, diff) ? null : diff;
	}

	/** The same as `missingFrom`, cut into pieces of about `pieceBytes` (a whole board, say). */
	missingPieces(doc: Y.Doc, pieceBytes: number): Uint8Array[] {
		return piecesAfter(doc, this.stateVector(), pieceBytes);
	}
}
