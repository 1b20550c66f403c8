/**
 * SignallingHold on a narrow fake registrar and stream: the WebRTC transport's signalling handler
 * is wrapped so that its close of the stream waits for the dialer's close (bounded).
 */
import { defaultLogger } from '@libp2p/logger';
import type { Connection, Stream, StreamHandler, StreamHandlerOptions } from '@libp2p/interface';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SIGNALLING_HOLD_MAX_MS, WEBRTC_SIGNALLING_PROTOCOL } from '../../src/lib/p2p/constants';
import { SignallingHold } from '../../src/lib/p2p/signalling-hold';

class FakeRegistrar {
	readonly handlers = new Map<string, { handler: StreamHandler; options: StreamHandlerOptions }>();
	getHandler(protocol: string) {
		const record = this.handlers.get(protocol);
		if (record == null) throw new Error(`no handler for ${protocol}`);
		return record;
	}
	async handle(protocol: string, handler: StreamHandler, options: StreamHandlerOptions = {}) {
		if (this.handlers.has(protocol) && options.force !== true) throw new Error('duplicate');
		this.handlers.set(protocol, { handler, options });
	}
}

/** The parts of a stream the hold reads, and a close() that records when it ran. */
class FakeStream extends EventTarget {
	remoteWriteStatus: 'writable' | 'closed' = 'writable';
	status: 'open' | 'closed' = 'open';
	closedAt?: number;
	async close(): Promise<void> {
		this.closedAt = Date.now();
	}
	remoteClose(): void {
		this.remoteWriteStatus = 'closed';
		this.dispatchEvent(new Event('remoteCloseWrite'));
	}
}

describe('SignallingHold', () => {
	let registrar: FakeRegistrar;
	let hold: SignallingHold;
	/** What the transport's own handler does with the stream: its work, then close. */
	let transportClose: Promise<void> | undefined;
	beforeEach(async () => {
		vi.useFakeTimers();
		registrar = new FakeRegistrar();
		const original: StreamHandler = (stream) => {
			transportClose = stream.close();
		};
		await registrar.handle(WEBRTC_SIGNALLING_PROTOCOL, original, {
			runOnLimitedConnection: true
		});
		hold = new SignallingHold({ registrar, logger: defaultLogger() });
		await hold.afterStart();
	});
	afterEach(() => vi.useRealTimers());

	function open(): FakeStream {
		const stream = new FakeStream();
		const { handler } = registrar.getHandler(WEBRTC_SIGNALLING_PROTOCOL);
		void handler(stream as unknown as Stream, {} as Connection);
		return stream;
	}

	it('replaces the handler, keeping its options', () => {
		expect(registrar.getHandler(WEBRTC_SIGNALLING_PROTOCOL).options).toEqual({
			runOnLimitedConnection: true,
			force: true
		});
	});

	it("holds the listener's close until the dialer has closed its end", async () => {
		const stream = open();
		await vi.advanceTimersByTimeAsync(300);
		expect(stream.closedAt).toBeUndefined();
		stream.remoteClose();
		await transportClose;
		expect(stream.closedAt).toBe(Date.now());
		expect(hold.stats).toEqual({ held: 1, timedOut: 0 });
	});

	it('closes at once when the dialer closed first, and after the bound when it never does', async () => {
		const early = new FakeStream();
		early.remoteClose();
		const { handler } = registrar.getHandler(WEBRTC_SIGNALLING_PROTOCOL);
		void handler(early as unknown as Stream, {} as Connection);
		await transportClose;
		expect(early.closedAt).toBe(Date.now());

		const never = open();
		await vi.advanceTimersByTimeAsync(SIGNALLING_HOLD_MAX_MS - 1);
		expect(never.closedAt).toBeUndefined();
		await vi.advanceTimersByTimeAsync(1);
		await transportClose;
		expect(never.closedAt).toBeDefined();
		expect(hold.stats).toEqual({ held: 2, timedOut: 1 });
		expect(vi.getTimerCount()).toBe(0);
	});

	it('does nothing on a node without the WebRTC transport', async () => {
		const empty = new FakeRegistrar();
		await new SignallingHold({ registrar: empty, logger: defaultLogger() }).afterStart();
		expect(empty.handlers.size).toBe(0);
	});
});
