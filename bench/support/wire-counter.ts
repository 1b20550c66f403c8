/**
 * Counts what a page sends: bytes handed to RTCDataChannel.send and WebSocket.send (the payload
 * with every framing above the transport), and, from getStats(), bytes each WebRTC ICE transport
 * sent (adding SCTP and DTLS). Installed with page.addInitScript before any page script runs.
 */

export interface WireCounts {
	dataChannel: { bytes: number; messages: number };
	webSocket: { bytes: number; messages: number; frameBytes: number };
	/** Sum over open RTCPeerConnections of the ICE transports' bytesSent (DTLS + SCTP included). */
	transportBytes: number;
	/** Errors thrown by RTCDataChannel.send (some libraries swallow them), the last few. */
	sendErrors: string[];
}

declare global {
	var whiteboardWire: { read(): Promise<WireCounts> } | undefined;
}

/** Runs in the page (serialized by Playwright): no imports, no closures over Node values. */
export function installWireCounters(): void {
	const counts = {
		dataChannel: { bytes: 0, messages: 0 },
		webSocket: { bytes: 0, messages: 0, frameBytes: 0 }
	};
	const sendErrors: string[] = [];
	const sizeOf = (data: unknown): number => {
		if (typeof data === 'string') return new TextEncoder().encode(data).byteLength;
		if (data instanceof Blob) return data.size;
		if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return data.byteLength;
		return 0;
	};
	const dcSend = RTCDataChannel.prototype.send as (this: RTCDataChannel, data: unknown) => void;
	RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: unknown) {
		try {
			dcSend.call(this, data);
			counts.dataChannel.bytes += sizeOf(data);
			counts.dataChannel.messages++;
		} catch (error) {
			sendErrors.push(`${sizeOf(data)} B: ${(error as Error).message}`);
			if (sendErrors.length > 5) sendErrors.shift();
			throw error;
		}
	} as RTCDataChannel['send'];
	const wsSend = WebSocket.prototype.send as (this: WebSocket, data: unknown) => void;
	WebSocket.prototype.send = function (this: WebSocket, data: unknown) {
		const bytes = sizeOf(data);
		counts.webSocket.bytes += bytes;
		counts.webSocket.messages++;
		// RFC 6455 client frame: 2 header bytes, 2 or 8 more for long payloads, 4 mask bytes.
		counts.webSocket.frameBytes += bytes + 6 + (bytes > 65_535 ? 8 : bytes > 125 ? 2 : 0);
		wsSend.call(this, data);
	} as WebSocket['send'];
	const connections: RTCPeerConnection[] = [];
	const Native = RTCPeerConnection;
	class CountedPeerConnection extends Native {
		constructor(config?: RTCConfiguration) {
			super(config);
			connections.push(this);
		}
	}
	globalThis.RTCPeerConnection = CountedPeerConnection;
	globalThis.whiteboardWire = {
		async read() {
			let transportBytes = 0;
			for (const pc of connections) {
				if (pc.connectionState === 'closed') continue;
				const report = await pc.getStats().catch(() => null);
				report?.forEach((entry: { type?: string; bytesSent?: number }) => {
					if (entry.type === 'transport') transportBytes += entry.bytesSent ?? 0;
				});
			}
			return {
				dataChannel: { ...counts.dataChannel },
				webSocket: { ...counts.webSocket },
				transportBytes,
				sendErrors: [...sendErrors]
			};
		}
	};
}

/**
 * The counters as an init script. tsx compiles with esbuild's keepNames, which wraps inner
 * functions in `__name(...)`: define it in the page so the serialized source runs there.
 */
export function wireCounterScript(): string {
	return `var __name = (target) => target;\n(${installWireCounters.toString()})();`;
}
