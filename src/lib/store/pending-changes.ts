/**
 * This browser's changes that the relay's copy has not acknowledged yet, and the timer that sends
 * them as one entry (relay-copy.ts): a batch taken for sending is put back in front if it failed.
 */
export class PendingChanges {
	#updates: Uint8Array[] = [];
	#timer: ReturnType<typeof setTimeout> | undefined;
	readonly #send: () => void;

	/** `send` is called when a scheduled delay has passed. */
	constructor(send: () => void) {
		this.#send = send;
	}

	get empty(): boolean {
		return this.#updates.length === 0;
	}

	add(update: Uint8Array): void {
		this.#updates.push(update);
	}

	/** Forgets them all (an upload of the whole difference holds them). */
	clear(): void {
		this.#updates = [];
	}

	/** Takes them all, for one append. */
	take(): Uint8Array[] {
		const batch = this.#updates;
		this.#updates = [];
		return batch;
	}

	/** A taken batch that could not be sent: first in line again. */
	putBack(batch: Uint8Array[]): void {
		this.#updates = [...batch, ...this.#updates];
	}

	/** Sends after `delay`, unless a send is scheduled already. */
	schedule(delay: number): void {
		if (this.#timer !== undefined) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.#send();
		}, delay);
	}

	cancel(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}
}
