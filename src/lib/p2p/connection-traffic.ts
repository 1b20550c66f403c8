/**
 * Bytes in and out of every connection, for Diagnostics. libp2p hands each new connection to its
 * metrics component (`trackMultiaddrConnection`), so this implements libp2p's Metrics interface
 * as far as that needs and no further: every registered metric is a no-op.
 *
 * Connections over a byte stream (WebSockets, relayed circuits) are counted as their encrypted
 * bytes pass. A WebRTC connection carries its data on data channels that bypass that stream, so
 * its figures come from the browser's own statistics (RTCPeerConnection.getStats), read by
 * `refresh()` only when someone looks (Diagnostics, while its panel is open).
 */
import type { Connection, Metrics, MultiaddrConnection, Stream } from '@libp2p/interface';

export interface ByteCounts {
	sent: number;
	received: number;
}

type StatsSource = Pick<RTCPeerConnection, 'getStats'>;

interface Tracked {
	counts: ByteCounts;
	/** WebRTC: where the counts are read from. */
	peerConnection?: StatsSource;
}

/** Accepts any calls and records nothing (libp2p's own metrics, which we do not collect). */
const noop = (): void => {};
const NOOP_METRIC = {
	update: noop,
	increment: noop,
	decrement: noop,
	reset: noop,
	observe: noop,
	timer: () => noop
};
/** A metric computed on demand (`calculate`) returns nothing in libp2p's types; ignored either way. */
const register = (): typeof NOOP_METRIC => NOOP_METRIC;

export class ConnectionTraffic implements Metrics {
	/** By the connection's timeline: libp2p's Connection shares it with its MultiaddrConnection. */
	readonly #tracked = new WeakMap<object, Tracked>();
	/** Every WebRTC connection still tracked, for refresh(). */
	readonly #webrtc = new Set<WeakRef<Tracked>>();

	trackMultiaddrConnection(maConn: MultiaddrConnection): void {
		const tracked: Tracked = { counts: { sent: 0, received: 0 } };
		this.#tracked.set(maConn.timeline, tracked);
		const peerConnection = (maConn as { peerConnection?: StatsSource }).peerConnection;
		if (typeof peerConnection?.getStats === 'function') {
			tracked.peerConnection = peerConnection;
			this.#webrtc.add(new WeakRef(tracked));
			return;
		}
		// Observe without adding a 'message' listener: the stream hands buffered data to the first
		// listener, which must be the connection's own (as @libp2p/prometheus-metrics does).
		const dispatch = maConn.dispatchEvent.bind(maConn);
		maConn.dispatchEvent = (event: Event): boolean => {
			const data = (event as Event & { data?: { byteLength: number } }).data;
			if (event.type === 'message' && data != null) tracked.counts.received += data.byteLength;
			return dispatch(event);
		};
		const send = maConn.send.bind(maConn);
		maConn.send = (data) => {
			tracked.counts.sent += data.byteLength;
			return send(data);
		};
	}

	/** Bytes through `connection` so far (WebRTC: as of the last refresh()); undefined if untracked. */
	bytesOf(connection: Pick<Connection, 'timeline'>): ByteCounts | undefined {
		const tracked = this.#tracked.get(connection.timeline);
		return tracked == null ? undefined : { ...tracked.counts };
	}

	/** Reads the WebRTC connections' byte counts from the browser. */
	async refresh(): Promise<void> {
		const reads = [...this.#webrtc].map(async (ref) => {
			const tracked = ref.deref();
			if (tracked?.peerConnection == null) {
				this.#webrtc.delete(ref);
				return;
			}
			try {
				tracked.counts = transportBytes(await tracked.peerConnection.getStats());
			} catch {
				// Closed meanwhile: its last figures stay.
			}
		});
		await Promise.all(reads);
	}

	trackProtocolStream(_stream: Stream): void {}

	registerMetric = register as Metrics['registerMetric'];
	registerMetricGroup = register as Metrics['registerMetricGroup'];
	registerCounter = register as Metrics['registerCounter'];
	registerCounterGroup = register as Metrics['registerCounterGroup'];
	registerHistogram = register as Metrics['registerHistogram'];
	registerHistogramGroup = register as Metrics['registerHistogramGroup'];
	registerSummary = register as Metrics['registerSummary'];
	registerSummaryGroup = register as Metrics['registerSummaryGroup'];

	traceFunction<F>(_name: string, fn: F): F {
		return fn;
	}

	createTrace(): undefined {
		return undefined;
	}
}

/** A peer connection's bytes: its transports' (DTLS over ICE), else its data channels' sum. */
export function transportBytes(report: RTCStatsReport): ByteCounts {
	const transport = { sent: 0, received: 0 };
	const channels = { sent: 0, received: 0 };
	let hasTransport = false;
	report.forEach((stat: { type: string; bytesSent?: number; bytesReceived?: number }) => {
		const into =
			stat.type === 'transport' ? transport : stat.type === 'data-channel' ? channels : null;
		if (into == null) return;
		if (stat.type === 'transport') hasTransport = true;
		into.sent += stat.bytesSent ?? 0;
		into.received += stat.bytesReceived ?? 0;
	});
	return hasTransport ? transport : channels;
}
