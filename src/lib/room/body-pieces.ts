/**
 * How the page hands a relay answer's body to the early-copy worker (early-copy.ts): each piece
 * as the page reads it, its buffer transferred, then the end, or why the body broke off. The
 * pieces are posted without waiting for the worker (a transferred stream would ask across
 * threads before each piece, through the page's busy event loop); the worker turns them back
 * into a stream.
 */
export type BodyPiece =
	{ type: 'piece'; bytes: Uint8Array } | { type: 'end' } | { type: 'broken'; error: string };

/** Reads `reader` to its end, posting each piece as it comes, then the end (or the failure). */
export async function passPieces(
	reader: ReadableStreamDefaultReader<Uint8Array>,
	post: (piece: BodyPiece, transfer: ArrayBuffer[]) => void
): Promise<void> {
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			// A piece that is part of a larger buffer is copied: only its own bytes may go.
			const own = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength;
			const bytes = own ? value : value.slice();
			post({ type: 'piece', bytes }, [bytes.buffer as ArrayBuffer]);
		}
		post({ type: 'end' }, []);
	} catch (err) {
		post({ type: 'broken', error: (err as Error).message }, []);
	}
}

/** The worker's side: the body, fed with the pieces as the page posts them. */
export class PieceStream {
	readonly body: ReadableStream<Uint8Array>;
	#controller!: ReadableStreamDefaultController<Uint8Array>;

	constructor() {
		this.body = new ReadableStream<Uint8Array>({ start: (c) => (this.#controller = c) });
	}

	take(piece: BodyPiece): void {
		if (piece.type === 'piece') this.#controller.enqueue(piece.bytes);
		else if (piece.type === 'end') this.#controller.close();
		else this.#controller.error(new Error(`the answer broke off: ${piece.error}`));
	}
}
