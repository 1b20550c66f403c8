import type {
	AbortOptions,
	ComponentLogger,
	Logger,
	Startable,
	Stream,
	StreamHandler,
	StreamHandlerRecord,
	StreamHandlerOptions
} from '@libp2p/interface';
import { SIGNALLING_HOLD_MAX_MS, WEBRTC_SIGNALLING_PROTOCOL } from './constants';

/**
 * Removes a race in @libp2p/webrtc 6.0.33 (private-to-private) that stalls about one first dial
 * in eight between two browsers.
 *
 * The dialer creates an `init` data channel, and once its RTCPeerConnection is `connected` it
 * waits for that channel's `open` event if the channel is not open yet
 * (dist/src/private-to-private/initiate-connection.js:131-135). The listener, as soon as its own
 * side is connected, closes the signalling stream, upgrades the connection and its muxer closes
 * every `init` channel it sees (transport.js:164-187, muxer.js:176-179). Chromium may report the
 * dialer's `connected` only after that channel has opened and been closed by the listener: the
 * dialer then finds it `closed` and waits for an `open` that never comes, until its dial times
 * out (the listener meanwhile reports the connection open).
 *
 * The dialer closes its end of the signalling stream only after it has closed `init` itself
 * (initiate-connection.js:137-149). So on the listening side we let the library's close of the
 * signalling stream wait until the dialer has closed its end (at most SIGNALLING_HOLD_MAX_MS):
 * the listener's muxer, created right after, can no longer close `init` before the dialer is past
 * its wait. Nothing changes on the wire; a dialer of any version profits, and streams the dialer
 * opens meanwhile wait in the library's early-channel buffer.
 *
 * A libp2p service: after start it wraps the handler the WebRTC transport registered.
 */
export interface SignallingHoldComponents {
	registrar: {
		getHandler(protocol: string): StreamHandlerRecord;
		handle(protocol: string, handler: StreamHandler, options?: StreamHandlerOptions): Promise<void>;
	};
	logger: ComponentLogger;
}

export interface SignallingHoldInit {
	/** Longest wait for the dialer's close. @default SIGNALLING_HOLD_MAX_MS */
	maxHoldMs?: number;
}

export class SignallingHold implements Startable {
	readonly #components: SignallingHoldComponents;
	readonly #maxHoldMs: number;
	readonly #log: Logger;
	#held = 0;
	#timedOut = 0;

	constructor(components: SignallingHoldComponents, init: SignallingHoldInit = {}) {
		this.#components = components;
		this.#maxHoldMs = init.maxHoldMs ?? SIGNALLING_HOLD_MAX_MS;
		this.#log = components.logger.forComponent('whiteboard:signalling-hold');
	}

	/** Signalling streams held so far, and how many of those the dialer never closed in time. */
	get stats(): { held: number; timedOut: number } {
		return { held: this.#held, timedOut: this.#timedOut };
	}

	start(): void {}

	/** The transports have registered their handlers by now (they do it in start()). */
	async afterStart(): Promise<void> {
		const { registrar } = this.#components;
		let record: StreamHandlerRecord;
		try {
			record = registrar.getHandler(WEBRTC_SIGNALLING_PROTOCOL);
		} catch {
			this.#log('no WebRTC signalling handler, nothing to hold');
			return;
		}
		const { handler, options } = record;
		await registrar.handle(
			WEBRTC_SIGNALLING_PROTOCOL,
			(stream, connection) => {
				this.hold(stream);
				return handler(stream, connection);
			},
			{ ...options, force: true }
		);
	}

	stop(): void {}

	/** Makes `stream.close()` first wait until the remote has closed its end (bounded). */
	hold(stream: Stream): void {
		const close = stream.close.bind(stream);
		stream.close = async (options?: AbortOptions): Promise<void> => {
			this.#held++;
			if (!(await remoteClosed(stream, this.#maxHoldMs, options?.signal))) {
				this.#timedOut++;
				this.#log(
					'the dialer kept its signalling stream open %d ms, closing ours',
					this.#maxHoldMs
				);
			}
			await close(options);
		};
	}
}

/** Resolves true once the remote closed its writable end (or the stream ended), false on timeout. */
function remoteClosed(stream: Stream, maxMs: number, signal?: AbortSignal): Promise<boolean> {
	if (stream.remoteWriteStatus === 'closed' || stream.status !== 'open')
		return Promise.resolve(true);
	return new Promise((resolve) => {
		const done = (closed: boolean) => (): void => {
			clearTimeout(timer);
			stream.removeEventListener('remoteCloseWrite', onClosed);
			stream.removeEventListener('close', onClosed);
			signal?.removeEventListener('abort', onClosed);
			resolve(closed);
		};
		const onClosed = done(true);
		const timer = setTimeout(done(false), maxMs);
		stream.addEventListener('remoteCloseWrite', onClosed);
		stream.addEventListener('close', onClosed);
		// An aborted close still goes through the library's own close, which then fails as before.
		signal?.addEventListener('abort', onClosed);
	});
}

export function signallingHold(
	init: SignallingHoldInit = {}
): (components: SignallingHoldComponents) => SignallingHold {
	return (components) => new SignallingHold(components, init);
}
