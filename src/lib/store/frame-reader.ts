/**
 * Reads the messages of an HTTP read body (store-wire.ts, frameMessages: each prefixed with its
 * length as an unsigned varint) as the body arrives, chunk by chunk, so that the first of a
 * board's entries can be opened while the rest are still on their way.
 */
import { StoreWireError } from './store-wire';

/** A length prefix is at most this many bytes (lengths below 2^35). */
const MAX_PREFIX_BYTES = 5;

export class FrameReader {
	readonly #maxLength: number;
	/** The message being filled, and how much of it has come. */
	#message: Uint8Array | null = null;
	#filled = 0;
	/** A length prefix that a chunk boundary cut: its value so far, and its bytes. */
	#length = 0;
	#prefixBytes = 0;

	/** A message longer than `maxLength` is refused before anything is allocated for it. */
	constructor(maxLength: number) {
		this.#maxLength = maxLength;
	}

	/** The messages that `chunk` completes, in order (each in a buffer of its own). */
	push(chunk: Uint8Array): Uint8Array[] {
		const done: Uint8Array[] = [];
		let at = 0;
		while (at < chunk.length) {
			if (this.#message === null) {
				const byte = chunk[at++] as number;
				this.#length += (byte & 0x7f) * 2 ** (7 * this.#prefixBytes);
				if (++this.#prefixBytes > MAX_PREFIX_BYTES) {
					throw new StoreWireError('malformed read body: a length prefix is too long');
				}
				if (byte >= 0x80) continue;
				if (this.#length > this.#maxLength) {
					throw new StoreWireError(`a read message is over ${this.#maxLength} bytes`);
				}
				this.#message = new Uint8Array(this.#length);
				this.#filled = 0;
				this.#length = 0;
				this.#prefixBytes = 0;
			} else {
				const take = Math.min(this.#message.length - this.#filled, chunk.length - at);
				this.#message.set(chunk.subarray(at, at + take), this.#filled);
				this.#filled += take;
				at += take;
			}
			if (this.#message !== null && this.#message.length === this.#filled) {
				done.push(this.#message);
				this.#message = null;
			}
		}
		return done;
	}

	/** The body ended: throws if it ended inside a message. */
	end(): void {
		if (this.#message !== null || this.#prefixBytes > 0) {
			throw new StoreWireError('truncated read body');
		}
	}
}
