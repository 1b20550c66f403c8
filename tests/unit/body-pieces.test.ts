/**
 * A relay answer's body handed from the page to the early-copy worker piece by piece
 * (room/body-pieces.ts): every byte arrives in order, each piece posted with a buffer of its own
 * (transferring a shared one would take other bytes along), then the end; a body that breaks off
 * errors the worker's stream with the reason.
 */
import { describe, expect, it } from 'vitest';
import { passPieces, PieceStream, type BodyPiece } from '../../src/lib/room/body-pieces.ts';
import { FrameReader } from '../../src/lib/store/frame-reader.ts';
import { frameMessages } from '../../src/lib/store/store-wire.ts';

/** A body that yields `chunks`, then fails with `error` if given. */
function bodyOf(chunks: Uint8Array[], error?: Error): ReadableStream<Uint8Array> {
	let next = 0;
	return new ReadableStream<Uint8Array>({
		pull(controller) {
			const chunk = chunks[next++];
			if (chunk !== undefined) controller.enqueue(chunk);
			else if (error !== undefined) controller.error(error);
			else controller.close();
		}
	});
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
	const out: Uint8Array[] = [];
	const reader = body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return out;
		out.push(value);
	}
}

describe('passPieces and PieceStream', () => {
	it('hands every byte over in order, each piece with a buffer of its own, then the end', async () => {
		const messages = [new Uint8Array(5).fill(1), new Uint8Array(700).fill(2), new Uint8Array(0)];
		const whole = frameMessages(messages);
		// Cut at odd places; the middle pieces are views into one larger buffer.
		const chunks = [whole.subarray(0, 3), whole.subarray(3, 400), whole.slice(400)];
		const posted: { piece: BodyPiece; transfer: ArrayBuffer[] }[] = [];
		await passPieces(bodyOf(chunks).getReader(), (piece, transfer) =>
			posted.push({ piece, transfer })
		);
		expect(posted.map((p) => p.piece.type)).toEqual(['piece', 'piece', 'piece', 'end']);
		for (const { piece, transfer } of posted) {
			if (piece.type !== 'piece') continue;
			expect(transfer).toEqual([piece.bytes.buffer]);
			expect(piece.bytes.byteLength).toBe(piece.bytes.buffer.byteLength);
		}
		// The worker's stream gives the same messages as the whole body.
		const pieces = new PieceStream();
		for (const { piece } of posted) pieces.take(piece);
		const frames = new FrameReader(1024);
		const read = (await readAll(pieces.body)).flatMap((chunk) => frames.push(chunk));
		frames.end();
		expect(read).toEqual(messages);
	});

	it('tells the worker why a body broke off, and its stream fails with that reason', async () => {
		const posted: BodyPiece[] = [];
		await passPieces(bodyOf([new Uint8Array(4)], new Error('network reset')).getReader(), (p) =>
			posted.push(p)
		);
		expect(posted.map((p) => p.type)).toEqual(['piece', 'broken']);
		const pieces = new PieceStream();
		for (const piece of posted) pieces.take(piece);
		await expect(readAll(pieces.body)).rejects.toThrow('the answer broke off: network reset');
	});
});
