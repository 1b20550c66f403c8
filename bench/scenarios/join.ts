/**
 * Scenario 1, join: browser A has a board with one stroke; browser B opens the room link in a
 * fresh context. Measured in B from navigation start: the first direct data link, and the first
 * frame that shows A's stroke (ours: usually from the relay's copy, before the direct link). Trials alternate between systems so noise hits all alike. For ours
 * it also records when each step of the join happened (steps-*), to show where the time goes.
 */
import {
	emptyResult,
	fail,
	record,
	type BenchContext,
	type ScenarioResult,
	type SystemResult
} from '../support/context.ts';
import { Peer } from '../support/peer.ts';
import { summarize } from '../support/stats.ts';

const TIMEOUT_MS = 20_000;

export async function join(ctx: BenchContext, trials: number): Promise<ScenarioResult> {
	const result: ScenarioResult = {};
	const hosts = new Map<string, { room: string; peer: Peer }>();
	try {
		for (const system of ctx.systems) {
			const room = ctx.room('join');
			const peer = await Peer.open(ctx.browser, system, room);
			await peer.draw({ count: 1, points: 200, intervalMs: 0, seed: 1 });
			hosts.set(system.name, { room, peer });
			result[system.name] = emptyResult();
		}
		for (let trial = 0; trial < trials; trial++) {
			for (const system of ctx.systems) {
				const host = hosts.get(system.name)!;
				const out = result[system.name]!;
				let guest: Peer | undefined;
				try {
					guest = await Peer.open(ctx.browser, system, host.room);
					const origin = await guest.timeOrigin();
					const linked = await guest.waitLinked(TIMEOUT_MS);
					const painted = await guest.waitForPaintedCount(1, TIMEOUT_MS);
					record(out, 'link', linked - origin);
					record(out, 'painted', painted - origin);
					if (system.name === 'ours') await recordSteps(out, guest, origin);
					ctx.log(
						`join ${system.name} #${trial + 1}: link ${(linked - origin).toFixed(0)} ms, ` +
							`stroke painted ${(painted - origin).toFixed(0)} ms`
					);
				} catch (error) {
					fail(ctx, out, `join ${system.name} #${trial + 1}`, error);
				} finally {
					await guest?.close();
				}
			}
		}
	} finally {
		for (const { peer } of hosts.values()) await peer.close();
	}
	const ours = result.ours;
	if (ours !== undefined) ctx.log(`join ours, median step times: ${stepSummary(ours)}`);
	return result;
}

/** The page's own steps, in the order a join takes them (marks from src/lib/probe). */
const STEPS = [
	'html',
	'dom-ready',
	'room-start',
	'keys',
	'node-started',
	'local-copy',
	'relay-connected',
	'relay-copy-read',
	'relay-copy',
	'subscriptions',
	'reservation',
	'room-subscriber',
	'discovered',
	'dialing',
	'direct',
	'synced'
];

/** Milliseconds from navigation start to each step of this join. */
async function recordSteps(out: SystemResult, guest: Peer, origin: number): Promise<void> {
	const marks = await guest.call('marks');
	const page = await guest.page.evaluate(() => {
		const nav = performance.getEntriesByType('navigation')[0] as
			PerformanceNavigationTiming | undefined;
		return { html: nav?.responseEnd ?? 0, domReady: nav?.domContentLoadedEventEnd ?? 0 };
	});
	record(out, 'step-html', page.html);
	record(out, 'step-dom-ready', page.domReady);
	for (const step of STEPS) {
		const at = marks[step];
		if (at !== undefined) record(out, `step-${step}`, at - origin);
	}
}

function stepSummary(out: SystemResult): string {
	return STEPS.flatMap((step) => {
		const p50 = summarize(out.samples[`step-${step}`] ?? [])?.p50;
		return p50 === undefined ? [] : [`${step} ${p50.toFixed(0)}`];
	}).join(', ');
}
