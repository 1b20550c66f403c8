/**
 * Scenario 3, late join: browser A holds a board of `strokes` strokes (loaded as if from its
 * local copy); browser B opens the link. Measured in B: direct link -> every element on its board
 * (synced) -> first complete frame showing them all (painted); also both from navigation start.
 *
 * Then with nobody else online (alone-*): ours closes A once the relay holds its copy, and B gets
 * the board from the relay; y-websocket's B gets it from the server (A stays, as the server drops
 * a document nobody has open); y-webrtc has no copy anywhere, so it is not measured. These trials
 * alternate between ours and y-websocket, so a noisy moment of the machine hits both alike.
 */
import {
	fail,
	forEachSystem,
	record,
	type BenchContext,
	type ScenarioResult,
	type SystemResult
} from '../support/context.ts';
import type { System } from '../support/systems.ts';
// The page's test hooks (globalThis.whiteboardLinks).
import type {} from '../../src/lib/probe/room-probe.ts';
import { Peer } from '../support/peer.ts';

export interface LateJoinOptions {
	strokes: number;
	points: number;
	trials: number;
	timeoutMs: number;
}

export async function lateJoin(ctx: BenchContext, o: LateJoinOptions): Promise<ScenarioResult> {
	// y-websocket's host stays for the alone trials below: its server drops a document nobody has open.
	let serverHost: { host: Peer; room: string } | undefined;
	let oursRoom: string | undefined;
	try {
		const result = await forEachSystem(ctx, async (system, out) => {
			const room = ctx.room('late');
			let host: Peer | undefined;
			try {
				host = await Peer.open(ctx.browser, system, room);
				const bytes = await host.call('loadStrokes', {
					count: o.strokes,
					points: o.points,
					seed: 3
				});
				record(out, 'document-bytes', bytes);
				// y-websocket: the server must hold the board before anyone joins (it sent it on load).
				if (system.name === 'y-websocket') await host.waitLinked(10_000);
				await new Promise((resolve) => setTimeout(resolve, 1500));
				for (let trial = 0; trial < o.trials; trial++) {
					if (!(await withHostTrial(ctx, o, out, host, room, trial))) break;
				}
				if (system.name === 'ours') {
					// The relay answered every write of the board: nobody else needs to be online.
					await host.page.evaluate(() => globalThis.whiteboardLinks?.copySettled());
					oursRoom = room;
				}
				if (system.name === 'y-websocket') {
					serverHost = { host, room };
					host = undefined;
				}
			} catch (error) {
				fail(ctx, out, `late join ${system.name}`, error);
			} finally {
				await host?.close();
			}
		});
		await aloneTrials(ctx, o, result, oursRoom, serverHost);
		return result;
	} finally {
		await serverHost?.host.close();
	}
}

/** A newcomer while the host that holds the board is online; false if more would not help. */
async function withHostTrial(
	ctx: BenchContext,
	o: LateJoinOptions,
	out: SystemResult,
	host: Peer,
	room: string,
	trial: number
): Promise<boolean> {
	const { system } = host;
	let guest: Peer | undefined;
	try {
		guest = await Peer.open(ctx.browser, system, room);
		const origin = await guest.timeOrigin();
		const linked = await guest.waitLinked(o.timeoutMs);
		const synced = await guest.waitForCount(o.strokes, o.timeoutMs);
		const painted = await guest.waitForPaintedCount(o.strokes, o.timeoutMs);
		record(out, 'synced', synced - linked);
		record(out, 'painted', painted - linked);
		record(out, 'synced-from-load', synced - origin);
		record(out, 'painted-from-load', painted - origin);
		ctx.log(
			`late join ${system.name} #${trial + 1}: link ${(linked - origin).toFixed(0)} ms, ` +
				`synced +${(synced - linked).toFixed(0)} ms, painted +${(painted - linked).toFixed(0)} ms`
		);
	} catch (error) {
		fail(ctx, out, `late join ${system.name} #${trial + 1}`, error);
		const { notes, sendFailed } = await diagnose(host, guest);
		for (const note of notes) ctx.log(`  ${note}`);
		out.notes.push(...notes);
		// The board cannot leave the host at all: more trials would only wait as long.
		if (sendFailed) return false;
	} finally {
		await guest?.close();
	}
	return true;
}

/**
 * With nobody else online: ours from the relay's copy, y-websocket from its server (its host
 * stays, the server would drop the document otherwise), one trial of each in turn, so that both
 * meet the same moments of a noisy machine.
 */
async function aloneTrials(
	ctx: BenchContext,
	o: LateJoinOptions,
	result: ScenarioResult,
	oursRoom: string | undefined,
	serverHost: { host: Peer; room: string } | undefined
): Promise<void> {
	const ours = ctx.systems.find((s) => s.name === 'ours');
	for (let trial = 0; trial < o.trials; trial++) {
		if (ours != null && oursRoom != null && result.ours != null) {
			await aloneTrial(ctx, ours, oursRoom, o, result.ours, trial);
		}
		if (serverHost != null && result['y-websocket'] != null) {
			const { host, room } = serverHost;
			await aloneTrial(ctx, host.system, room, o, result['y-websocket'], trial);
		}
	}
}

/** Marks of the join from the relay's copy (src/lib/room, src/lib/store). */
const ALONE_STEPS = [
	'prefetch-start',
	'copy-request',
	'copy-headers',
	'copy-body',
	'copy-opened',
	'room-start',
	'node-started',
	'relay-connected',
	'relay-copy-read',
	'relay-copy'
];

/** One newcomer with nobody else online: ours gets the board from the relay's copy. */
async function aloneTrial(
	ctx: BenchContext,
	system: System,
	room: string,
	o: LateJoinOptions,
	out: SystemResult,
	trial: number
): Promise<void> {
	let guest: Peer | undefined;
	try {
		guest = await Peer.open(ctx.browser, system, room);
		const origin = await guest.timeOrigin();
		const synced = await guest.waitForCount(o.strokes, o.timeoutMs);
		const painted = await guest.waitForPaintedCount(o.strokes, o.timeoutMs);
		record(out, 'alone-synced-from-load', synced - origin);
		record(out, 'alone-painted-from-load', painted - origin);
		if (system.name === 'ours') {
			const marks = await guest.call('marks');
			const steps = ALONE_STEPS.map(
				(step) => `${step} ${((marks[step] ?? NaN) - origin).toFixed(0)}`
			);
			ctx.log(`  steps from load: ${steps.join(', ')}`);
		}
		ctx.log(
			`late join ${system.name} alone #${trial + 1}: synced ${(synced - origin).toFixed(0)} ms, ` +
				`painted ${(painted - origin).toFixed(0)} ms from load ` +
				(system.name === 'ours' ? '(relay copy)' : '(its server)')
		);
	} catch (error) {
		fail(ctx, out, `late join ${system.name} alone #${trial + 1}`, error);
	} finally {
		await guest?.close();
	}
}

/** What a failed trial leaves to explain it: arrivals, page errors, failed data channel sends. */
async function diagnose(
	host: Peer,
	guest: Peer | undefined
): Promise<{ notes: string[]; sendFailed: boolean }> {
	const arrived = await guest?.call('countReachedAt', 1).catch(() => null);
	const notes = [arrived != null ? 'some elements arrived' : 'no element arrived'];
	const wire = await host.wire().catch(() => null);
	if (wire) {
		notes.push(
			`host sent ${wire.dataChannel.bytes} B in ${wire.dataChannel.messages} data channel messages`
		);
		if (wire.sendErrors.length > 0) notes.push(`host send errors: ${wire.sendErrors.join(' | ')}`);
	}
	for (const [who, peer] of [
		['host', host],
		['guest', guest]
	] as const) {
		const errors = peer?.errors.slice(-3) ?? [];
		if (errors.length > 0)
			notes.push(`${who} page errors: ${errors.map((e) => e.slice(0, 200)).join(' | ')}`);
	}
	return { notes, sendFailed: (wire?.sendErrors.length ?? 0) > 0 };
}
