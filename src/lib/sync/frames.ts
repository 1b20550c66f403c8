import { MAX_FRAME_PAYLOAD } from './constants';

/**
 * Fragmentation of sync messages into frames that each fit one WebRTC data channel message.
 * A frame is: one header byte, then payload bytes. The header says whether more fragments of the
 * same message follow. See PROTOCOL.md, "Sync stream".
 */
export const FRAME_FINAL = 0;
export const FRAME_MORE = 1;

export class FrameError extends Error {
	override name = 'FrameError';
}

/** Splits one message into frames of at most `maxPayload` payload bytes each. */
export function toFrames(message: Uint8Array, maxPayload = MAX_FRAME_PAYLOAD): Uint8Array[] {
	const frames: Uint8Array[] = [];
	let offset = 0;
	do {
		const end = Math.min(offset + maxPayload, message.length);
		const frame = new Uint8Array(1 + end - offset);
		frame[0] = end < message.length ? FRAME_MORE : FRAME_FINAL;
		frame.set(message.subarray(offset, end), 1);
		frames.push(frame);
		offset = end;
	} while (offset < message.length);
	return frames;
}

/** Reassembles messages from frames, refusing oversized frames and messages. */
export class FrameAssembler {
	readonly #maxMessageBytes: number;
	readonly #maxPayload: number;
	#parts: Uint8Array[] = [];
	#size = 0;

	constructor(maxMessageBytes: number, maxPayload = MAX_FRAME_PAYLOAD) {
		this.#maxMessageBytes = maxMessageBytes;
		this.#maxPayload = maxPayload;
	}

	/** Returns the complete message when `frame` was its last fragment, otherwise null. */
	push(frame: Uint8Array): Uint8Array | null {
		if (frame.length === 0) throw new FrameError('empty frame');
		const kind = frame[0];
		if (kind !== FRAME_FINAL && kind !== FRAME_MORE)
			throw new FrameError(`unknown frame kind ${kind}`);
		const payload = frame.subarray(1);
		if (payload.length > this.#maxPayload) {
			throw new FrameError(`frame payload of ${payload.length} bytes exceeds ${this.#maxPayload}`);
		}
		this.#size += payload.length;
		if (this.#size > this.#maxMessageBytes) {
			throw new FrameError(`message exceeds ${this.#maxMessageBytes} bytes`);
		}
		this.#parts.push(payload);
		if (kind === FRAME_MORE) return null;
		const message = concat(this.#parts, this.#size);
		this.#parts = [];
		this.#size = 0;
		return message;
	}
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
	if (parts.length === 1 && parts[0]) return parts[0];
	const out = new Uint8Array(size);
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}
