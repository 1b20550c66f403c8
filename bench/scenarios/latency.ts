/**
 * Scenarios 2 and 4, stroke latency and wire cost: two linked browsers; A draws `strokes` strokes
 * (200 points each, one every `intervalMs`), then B draws as many back. For each stroke: commit
 * in the sender -> applied to the receiver's board -> first complete frame showing it there.
 * While A draws, its wire counters give the bytes sent per stroke, next to the raw Yjs update,
 * and the server's process gives its CPU time per stroke (our relay, y-webrtc's signalling
 * server, the y-websocket server).
 */
import type { DrawnStroke } from '../../src/lib/probe/probe.ts';
import {
	fail,
	forEachSystem,
	record,
	type BenchContext,
	type ScenarioResult,
	type SystemResult
} from '../support/context.ts';
import { Peer } from '../support/peer.ts';
import { processCpuMs } from '../support/process-cpu.ts';
import { delays, summarize } from '../support/stats.ts';
import type { WireCounts } from '../support/wire-counter.ts';

const LINK_TIMEOUT_MS = 30_000;

export interface LatencyOptions {
	strokes: number;
	points: number;
	intervalMs: number;
}

export function latency(ctx: BenchContext, o: LatencyOptions): Promise<ScenarioResult> {
	return forEachSystem(ctx, async (system, out) => {
		const room = ctx.room('latency');
		let a: Peer | undefined;
		let b: Peer | undefined;
		try {
			a = await Peer.open(ctx.browser, system, room);
			b = await Peer.open(ctx.browser, system, room);
			await Promise.all([a.waitLinked(LINK_TIMEOUT_MS), b.waitLinked(LINK_TIMEOUT_MS)]);
			// One stroke each way first: both directions carry data before timing starts.
			await a.draw({ count: 1, points: o.points, intervalMs: 0, seed: 7 });
			await b.waitForCount(1, LINK_TIMEOUT_MS);
			await b.draw({ count: 1, points: o.points, intervalMs: 0, seed: 8 });
			await a.waitForCount(2, LINK_TIMEOUT_MS);

			await a.call('resetLocalUpdates');
			const before = await a.wire();
			const serverBefore = processCpuMs(system.serverPid);
			const sent = await a.draw({
				count: o.strokes,
				points: o.points,
				intervalMs: o.intervalMs,
				seed: 11
			});
			await b.waitForCount(2 + o.strokes, 30_000);
			const after = await a.wire();
			const serverAfter = processCpuMs(system.serverPid);
			if (serverBefore !== null && serverAfter !== null) {
				// The server's CPU time while A's strokes crossed it (ours: the relay's copy of them).
				record(out, 'server-cpu', (serverAfter - serverBefore) / o.strokes);
			}
			const raw = await a.call('localUpdateBytes');
			recordWire(out, system.name, before, after, raw, o.strokes);
			await recordLatency(out, 'a-to-b', sent, b);

			const back = await b.draw({
				count: o.strokes,
				points: o.points,
				intervalMs: o.intervalMs,
				seed: 12
			});
			await a.waitForCount(2 + 2 * o.strokes, 30_000);
			await recordLatency(out, 'b-to-a', back, a);
			const s = (name: string) => out.samples[name] ?? [];
			ctx.log(
				`latency ${system.name}: A->B p50 ${median(s('a-to-b'))} ms, B->A p50 ${median(s('b-to-a'))} ms, ` +
					`wire ${median(s('wire-payload'))} B/stroke (raw ${median(s('raw-update'))} B)`
			);
		} catch (error) {
			fail(ctx, out, `latency ${system.name}`, error);
		} finally {
			await a?.close();
			await b?.close();
		}
	});
}

async function recordLatency(out: SystemResult, name: string, sent: DrawnStroke[], receiver: Peer) {
	const arrivals = await receiver.call(
		'arrivals',
		sent.map((s) => s.id)
	);
	const painted = await receiver.call('paintedAfter', arrivals);
	record(
		out,
		name,
		...delays(
			sent.map((s) => s.at),
			arrivals
		)
	);
	record(out, `${name}-paint`, ...delays(arrivals, painted));
	const missing = arrivals.filter((t) => t === null).length;
	if (missing > 0) out.failures.push(`${name}: ${missing} strokes never arrived`);
}

/**
 * Per stroke, on average: the data path is the direct link (data channels) for WebRTC systems and
 * the WebSocket for y-websocket; "all" adds every other socket (our copy to the relay's gossip).
 */
function recordWire(
	out: SystemResult,
	system: string,
	before: WireCounts,
	after: WireCounts,
	raw: number[],
	strokes: number
): void {
	const per = (bytes: number) => bytes / strokes;
	const dc = after.dataChannel.bytes - before.dataChannel.bytes;
	const ws = after.webSocket.bytes - before.webSocket.bytes;
	const wsFrames = after.webSocket.frameBytes - before.webSocket.frameBytes;
	const transport = after.transportBytes - before.transportBytes;
	record(out, 'raw-update', ...raw);
	if (system === 'y-websocket') {
		record(out, 'wire-payload', per(ws));
		record(out, 'wire-total', per(wsFrames));
	} else {
		record(out, 'wire-payload', per(dc));
		// ICE transport bytes include DTLS and SCTP; RTCP-free data channels only.
		record(out, 'wire-total', per(transport));
	}
	record(out, 'wire-all-sockets', per(dc + ws));
}

function median(values: number[]): string {
	return summarize(values)?.p50.toFixed(1) ?? '-';
}
