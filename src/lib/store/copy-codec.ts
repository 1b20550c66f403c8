/**
 * The plaintext of what the relay keeps (PROTOCOL.md, "Relay store"), and its encryption under the
 * room's store key. An entry is one Yjs update (v1). A snapshot is the whole document as it was
 * when it was taken: its state vector, then the pieces of its state (state-chunks.ts) in order,
 * the last with the delete set, so that a reader checks and applies it piece by piece like a sync
 * answer. (Yjs's v2 encoding was measured: 9% smaller for boards, whose points are binary
 * already, and 1.75x slower to apply; so v1.)
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { aad, type Cipher } from '$lib/crypto/envelope';
import { MAX_STRUCTS_PER_CHUNK, STATE_CHUNK_BYTES } from '$lib/sync/constants';
import { nextStateChunk } from '$lib/sync/state-chunks';

export const SNAPSHOT_FORMAT = 1;

export class CopyFormatError extends Error {
	override name = 'CopyFormatError';
}

export function entryAad(topicId: string): Uint8Array {
	return aad(`whiteboard/store/1\0entry\0${topicId}`);
}

export function snapshotAad(topicId: string): Uint8Array {
	return aad(`whiteboard/store/1\0snapshot\0${topicId}`);
}

export interface SnapshotContent {
	stateVector: Map<number, number>;
	/** Yjs updates (v1), to be applied in order; the last one carries the delete set. */
	pieces: Uint8Array[];
}

/** The document's state now, cut into pieces (synchronously: nothing changes in between). */
export function snapshotOf(doc: Y.Doc, pieceBytes = STATE_CHUNK_BYTES): SnapshotContent {
	const stateVector = Y.decodeStateVector(Y.encodeStateVector(doc));
	return { stateVector, pieces: piecesAfter(doc, new Map(), pieceBytes) };
}

/**
 * What `doc` has beyond `covered` (client -> first clock not wanted), as a sync answer would cut
 * it: pieces of about `pieceBytes`, the last one with the delete set.
 */
export function piecesAfter(
	doc: Y.Doc,
	covered: Map<number, number>,
	pieceBytes: number
): Uint8Array[] {
	const pieces: Uint8Array[] = [];
	for (;;) {
		const piece = nextStateChunk(doc, covered, pieceBytes, MAX_STRUCTS_PER_CHUNK);
		if (piece === null) break;
		pieces.push(piece);
	}
	pieces.push(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(covered)));
	return pieces;
}

export function encodeSnapshot(content: SnapshotContent): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, SNAPSHOT_FORMAT);
	encoding.writeVarUint8Array(encoder, Y.encodeStateVector(content.stateVector));
	encoding.writeVarUint(encoder, content.pieces.length);
	for (const piece of content.pieces) encoding.writeVarUint8Array(encoder, piece);
	return encoding.toUint8Array(encoder);
}

export function decodeSnapshot(bytes: Uint8Array): SnapshotContent {
	const decoder = decoding.createDecoder(bytes);
	try {
		const format = decoding.readVarUint(decoder);
		if (format !== SNAPSHOT_FORMAT) throw new CopyFormatError(`unknown snapshot format ${format}`);
		const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
		const count = decoding.readVarUint(decoder);
		const pieces: Uint8Array[] = [];
		for (let i = 0; i < count; i++) pieces.push(decoding.readVarUint8Array(decoder));
		if (decoding.hasContent(decoder)) throw new CopyFormatError('trailing bytes');
		if (pieces.length === 0) throw new CopyFormatError('a snapshot without pieces');
		return { stateVector, pieces };
	} catch (err) {
		if (err instanceof CopyFormatError) throw err;
		throw new CopyFormatError(`malformed snapshot (${(err as Error).message})`);
	}
}

/** Seals and opens entries and snapshots of one room. Opening throws DecryptError or CopyFormatError. */
export class CopyCipher {
	readonly #cipher: Cipher;
	readonly #entryAad: Uint8Array;
	readonly #snapshotAad: Uint8Array;

	constructor(cipher: Cipher, topicId: string) {
		this.#cipher = cipher;
		this.#entryAad = entryAad(topicId);
		this.#snapshotAad = snapshotAad(topicId);
	}

	sealEntry(update: Uint8Array): Promise<Uint8Array> {
		return this.#cipher.seal(update, this.#entryAad);
	}

	openEntry(sealed: Uint8Array): Promise<Uint8Array> {
		return this.#cipher.open(sealed, this.#entryAad);
	}

	async sealSnapshot(content: SnapshotContent): Promise<Uint8Array> {
		return this.#cipher.seal(encodeSnapshot(content), this.#snapshotAad);
	}

	async openSnapshot(sealed: Uint8Array): Promise<SnapshotContent> {
		return decodeSnapshot(await this.#cipher.open(sealed, this.#snapshotAad));
	}
}
