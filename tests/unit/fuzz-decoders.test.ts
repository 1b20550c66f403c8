/**
 * Fuzzing at the trust boundary: >100,000 random and mutated inputs go to every decoder and
 * validator that reads bytes from peers. Each must either accept or throw its own typed error —
 * never anything else — and a message that fails to open must leave the document untouched.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Board } from '../../src/lib/board/board.ts';
import { parseElement } from '../../src/lib/board/schema.ts';
import { decodePoints, encodePoints, StrokeDecodeError } from '../../src/lib/board/stroke-codec.ts';
import { DecryptError } from '../../src/lib/crypto/envelope.ts';
import { RoomKey } from '../../src/lib/crypto/room-key.ts';
import {
	AwarenessUpdateError,
	decodeAwarenessUpdate,
	encodeAwarenessEntries
} from '../../src/lib/presence/awareness-codec.ts';
import { FrameAssembler, FrameError, toFrames } from '../../src/lib/sync/frames.ts';
import { RoomCipher, SignatureError } from '../../src/lib/sync/room-cipher.ts';
import {
	decodeRoomMessage,
	encodeRoomMessage,
	RoomMessageError
} from '../../src/lib/sync/room-messages.ts';
import { mulberry32 } from './support/prng.ts';
import { TEXT_ELEMENT } from './support/elements';

/** Random bytes, or a valid sample mutated: bit flips, truncation, extension, splices. */
function fuzzInputs(seed: number, count: number, samples: Uint8Array[]): Uint8Array[] {
	const random = mulberry32(seed);
	const int = (n: number) => Math.floor(random() * n);
	const inputs: Uint8Array[] = [];
	for (let i = 0; i < count; i++) {
		const base = samples[int(samples.length)] ?? new Uint8Array(0);
		const kind = int(5);
		let out: Uint8Array;
		if (kind === 0 || base.length === 0) {
			out = new Uint8Array(int(64)).map(() => int(256));
		} else if (kind === 1) {
			out = base.slice();
			for (let f = 0; f <= int(4); f++) out[int(out.length)]! ^= 1 << int(8);
		} else if (kind === 2) {
			out = base.slice(0, int(base.length));
		} else if (kind === 3) {
			out = new Uint8Array([...base, ...new Uint8Array(1 + int(16)).map(() => int(256))]);
		} else {
			out = base.slice();
			out[int(out.length)] = [0, 0x7f, 0x80, 0xff][int(4)]!;
		}
		inputs.push(out);
	}
	return inputs;
}

function expectOnly(errorClass: new (...args: never[]) => Error, fn: () => unknown): void {
	try {
		fn();
	} catch (err) {
		if (!(err instanceof errorClass)) throw new Error(`unexpected ${String(err)}`);
	}
}

const update = (() => {
	const doc = new Y.Doc();
	new Board(doc).add(TEXT_ELEMENT);
	return Y.encodeStateAsUpdate(doc);
})();

describe('fuzzing every decoder and validator at the boundary', () => {
	it('room messages: 30,000 inputs, only RoomMessageError', () => {
		const samples = [
			encodeRoomMessage({ type: 0, payload: update }),
			encodeRoomMessage({ type: 1, payload: new Uint8Array([1, 2, 3]) })
		];
		for (const input of fuzzInputs(1, 30_000, samples)) {
			expectOnly(RoomMessageError, () => decodeRoomMessage(input));
		}
	});

	it('awareness updates: 20,000 inputs, only AwarenessUpdateError', () => {
		const samples = [
			encodeAwarenessEntries([
				{ clientId: 7, clock: 3, state: { user: { name: 'A', color: '#123456' }, cursor: null } }
			])
		];
		for (const input of fuzzInputs(2, 20_000, samples)) {
			expectOnly(AwarenessUpdateError, () => decodeAwarenessUpdate(input));
		}
	});

	it('sync frames: 20,000 inputs, only FrameError', () => {
		const samples = toFrames(update, 16).concat(toFrames(new Uint8Array(40), 8));
		const assembler = new FrameAssembler(4096, 64);
		for (const input of fuzzInputs(3, 20_000, samples)) {
			expectOnly(FrameError, () => assembler.push(input));
		}
	});

	it('packed points and element values: 20,000 inputs, StrokeDecodeError or null', () => {
		const points = Array.from({ length: 50 }, (_, i) => ({ x: i * 3, y: i % 7, pressure: 0.5 }));
		const samples = [encodePoints(points)];
		const doc = new Y.Doc();
		const map = doc.getMap<Y.Map<unknown>>('elements');
		for (const input of fuzzInputs(4, 20_000, samples)) {
			expectOnly(StrokeDecodeError, () => decodePoints(input));
		}
		for (const input of fuzzInputs(5, 2_000, samples)) {
			const element = new Y.Map<unknown>();
			map.set('e', element);
			element.set('type', 'pen');
			for (const [k, v] of [
				['x', 0],
				['y', 0],
				['z', 1],
				['createdAt', 1],
				['color', '#000'],
				['width', 2]
			] as const)
				element.set(k, v);
			element.set('points', input);
			expect(() => parseElement('e', element)).not.toThrow();
		}
	});

	// Each message's signature is checked too (Ed25519): seconds on a busy machine.
	it(
		'encrypted gossip: 12,000 forged or mutated messages are refused and change nothing',
		{ timeout: 60_000 },
		async () => {
			const key = await RoomKey.fromBytes(new Uint8Array(32).fill(7));
			const otherKey = await RoomKey.fromBytes(new Uint8Array(32).fill(8));
			const topic = `whiteboard/room/${key.topicId}`;
			const channel = new RoomCipher(topic, key.gossip, key);
			const foreign = new RoomCipher(topic, otherKey.gossip, otherKey);
			const samples = [
				await channel.seal({ type: 0, payload: update }),
				await foreign.seal({ type: 0, payload: update })
			];
			const doc = new Y.Doc();
			const before = Y.encodeStateVector(doc);
			let refused = 0;
			const genuine = Buffer.from(samples[0]!);
			// A "mutation" that wrote a byte's own value back is the genuine message: not a forgery.
			const forged = fuzzInputs(6, 12_000, samples).filter((i) => !genuine.equals(Buffer.from(i)));
			for (const input of forged) {
				try {
					const message = await channel.open(input);
					Y.applyUpdate(doc, message.type === 0 ? message.payload : new Uint8Array());
				} catch (err) {
					const expected =
						err instanceof DecryptError ||
						err instanceof SignatureError ||
						err instanceof RoomMessageError;
					if (!expected) throw err;
					refused++;
				}
			}
			// Every mutation breaks the tag; the foreign-key sample never opens.
			expect(forged.length).toBeGreaterThan(11_900);
			expect(refused).toBe(forged.length);
			expect(Y.encodeStateVector(doc)).toEqual(before);
		}
	);
});
