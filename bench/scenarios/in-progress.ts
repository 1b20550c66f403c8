/**
 * Scenario 6, strokes in progress: two linked browsers; A draws `strokes` pen strokes with the
 * mouse (real input events through the page's tools), `moves` moves each, one every
 * `moveIntervalMs` (about one per frame, as a hand does). For every move: the moment A's page
 * handled it -> the first frame of B that showed A's draft with that point. Every system carries
 * the same drafts the same way (presence / awareness state, board/draft-codec, Presence's
 * frame-aligned sharing, RemoteDrafts, the same renderer), so only the network differs.
 */
import type { Page } from '@playwright/test';
import { draftPointDelays } from '../support/draft-points.ts';
import {
	fail,
	forEachSystem,
	record,
	type BenchContext,
	type ScenarioResult
} from '../support/context.ts';
import { Peer } from '../support/peer.ts';
import { summarize } from '../support/stats.ts';

const LINK_TIMEOUT_MS = 30_000;
/** A hand pauses before it lifts: the last moves' points go out as drafts, not only as the commit. */
const PAUSE_BEFORE_UP_MS = 150;

export interface InProgressOptions {
	strokes: number;
	moves: number;
	moveIntervalMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One pen stroke by mouse: a gentle wave across the canvas, `moves` moves 3-4 px apart. */
async function drawByMouse(page: Page, row: number, o: InProgressOptions): Promise<void> {
	const canvas = page.locator('canvas[aria-label="Whiteboard"], canvas#overlay').first();
	const box = await canvas.boundingBox();
	if (box === null) throw new Error('no drawing canvas on screen');
	const x0 = box.x + 60;
	const y0 = box.y + 80 + ((row * 45) % Math.max(1, box.height - 160));
	await page.mouse.move(x0, y0);
	await page.mouse.down();
	for (let i = 1; i <= o.moves; i++) {
		await sleep(o.moveIntervalMs);
		await page.mouse.move(x0 + 3.5 * i, y0 + 12 * Math.sin(i / 6));
	}
	await sleep(PAUSE_BEFORE_UP_MS);
	await page.mouse.up();
}

export function inProgress(ctx: BenchContext, o: InProgressOptions): Promise<ScenarioResult> {
	return forEachSystem(ctx, async (system, out) => {
		const room = ctx.room('progress');
		let a: Peer | undefined;
		let b: Peer | undefined;
		try {
			a = await Peer.open(ctx.browser, system, room);
			b = await Peer.open(ctx.browser, system, room);
			await Promise.all([a.waitLinked(LINK_TIMEOUT_MS), b.waitLinked(LINK_TIMEOUT_MS)]);
			// A warm-up stroke, not timed: both sides have exchanged presence and data.
			await drawByMouse(a.page, 0, o);
			await b.waitForCount(1, LINK_TIMEOUT_MS);
			const warmUp = (await a.call('pointerStrokes')).length;

			const before = await a.wire();
			for (let i = 1; i <= o.strokes; i++) {
				await drawByMouse(a.page, i, o);
				await b.waitForCount(1 + i, LINK_TIMEOUT_MS);
			}
			const after = await a.wire();
			const strokes = (await a.call('pointerStrokes')).slice(warmUp);
			const result = draftPointDelays(strokes, await b.call('draftFrames'));
			record(out, 'point-painted', ...result.delays);
			const sent =
				after.dataChannel.bytes -
				before.dataChannel.bytes +
				(after.webSocket.bytes - before.webSocket.bytes);
			record(out, 'sent-per-stroke', sent / o.strokes);
			if (result.unseenStrokes > 0) {
				out.failures.push(`${result.unseenStrokes} strokes never showed as drafts`);
			}
			if (result.missing > 0) out.notes.push(`${result.missing} move points never painted`);
			const s = summarize(result.delays);
			ctx.log(
				`in-progress ${system.name}: ${result.delays.length} points, ` +
					`p50 ${s?.p50.toFixed(1) ?? '-'} ms, p95 ${s?.p95.toFixed(1) ?? '-'} ms, ` +
					`${result.missing} missing, ${(sent / o.strokes).toFixed(0)} B sent per stroke`
			);
		} catch (error) {
			fail(ctx, out, `in-progress ${system.name}`, error);
		} finally {
			await a?.close();
			await b?.close();
		}
	});
}
