import type { Connection, PeerId, Stream } from '@libp2p/interface';
import { STALL_GRACE_MS, WEBRTC_SIGNALLING_PROTOCOL } from './constants';

/** What the watch reads of the node: the relayed connection that carries the signalling. */
export interface StallWatchNode {
	getConnections(peer?: PeerId): Connection[];
}

/**
 * Tells, for one first WebRTC dial, when it is stalled in @libp2p/webrtc's `init` channel race
 * (signalling-hold.ts explains it): a listener without the signalling hold closes its end of the
 * signalling stream as soon as it is connected, and a healthy dial gets past the `init` channel
 * (progress `webrtc:close-signaling-stream`) within an SCTP round trip of that. If it has not
 * after STALL_GRACE_MS, `onStall` is called once. Against a listener with the hold, the remote end
 * closes only after ours, so this never fires.
 *
 * Feed it the dial's progress events (`onProgress`) and `clear()` it when the dial ends.
 */
export class DialStallWatch {
	readonly #node: StallWatchNode;
	readonly #peer: PeerId;
	readonly #onStall: () => void;
	#stream?: Stream;
	#timer?: ReturnType<typeof setTimeout>;
	#done = false;

	constructor(node: StallWatchNode, peer: PeerId, onStall: () => void) {
		this.#node = node;
		this.#peer = peer;
		this.#onStall = onStall;
	}

	onProgress = (event: { type: string }): void => {
		if (this.#done) return;
		if (event.type === 'webrtc:read-ice-candidates') this.#watch();
		// Past the `init` channel: whatever follows is not this race.
		if (event.type === 'webrtc:close-signaling-stream') this.clear();
	};

	clear(): void {
		this.#done = true;
		clearTimeout(this.#timer);
		this.#stream?.removeEventListener('remoteCloseWrite', this.#arm);
	}

	/** Our newest signalling stream to the peer: the one this dial has just written its offer on. */
	#watch(): void {
		const stream = this.#node
			.getConnections(this.#peer)
			.filter((c) => c.limits != null)
			.flatMap((c) => c.streams)
			.filter((s) => s.protocol === WEBRTC_SIGNALLING_PROTOCOL && s.direction === 'outbound')
			.at(-1);
		if (stream == null) return;
		this.#stream = stream;
		if (stream.remoteWriteStatus === 'closed') this.#arm();
		else stream.addEventListener('remoteCloseWrite', this.#arm, { once: true });
	}

	#arm = (): void => {
		if (this.#done || this.#timer != null) return;
		this.#timer = setTimeout(() => {
			if (this.#done) return;
			this.#done = true;
			this.#onStall();
		}, STALL_GRACE_MS);
	};
}
