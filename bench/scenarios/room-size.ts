/**
 * Scenario 5, room size: `size` browsers in one room, opened one after another, and once every
 * browser is linked to all the others (y-websocket: to its server; that moment is a figure of its
 * own, from the first page load), each draws `strokes` strokes at
 * the same time, for a few rounds. Measured per round: last commit anywhere -> the moment the last browser holds every
 * stroke; then the documents are compared (state vectors) to prove they are identical.
 */
import {
	fail,
	forEachSystem,
	record,
	type BenchContext,
	type ScenarioResult
} from '../support/context.ts';
import { Peer } from '../support/peer.ts';

export interface RoomSizeOptions {
	sizes: number[];
	strokes: number;
	points: number;
	intervalMs: number;
	/** Rounds of concurrent drawing per room (each one sample). */
	rounds: number;
	timeoutMs: number;
}

export function roomSize(ctx: BenchContext, o: RoomSizeOptions): Promise<ScenarioResult> {
	return forEachSystem(ctx, async (system, out) => {
		for (const size of o.sizes) {
			const peers: Peer[] = [];
			try {
				const room = ctx.room(`room${size}`);
				for (let i = 0; i < size; i++) peers.push(await Peer.open(ctx.browser, system, room));
				await Promise.all(peers.map((p) => p.waitLinked(o.timeoutMs)));
				// Every browser linked to all the others (y-websocket: to its server): the rounds
				// measure syncing, not 2 cores making up to 28 WebRTC links at once.
				const links = system.name === 'y-websocket' ? 1 : size - 1;
				const firstOpened = await peers[0]!.timeOrigin();
				const meshAt = Math.max(
					...(await Promise.all(peers.map((p) => p.call('waitForLinks', links, o.timeoutMs))))
				);
				record(out, `mesh-${size}`, meshAt - firstOpened);
				ctx.log(
					`room of ${size} ${system.name}: every browser linked to all ${(meshAt - firstOpened).toFixed(0)} ms after the first page load`
				);
				// Warm-up: one stroke from each, seen by all, so every peer reaches every other.
				await Promise.all(
					peers.map((p, i) => p.draw({ count: 1, points: o.points, intervalMs: 0, seed: 100 + i }))
				);
				await Promise.all(peers.map((p) => p.waitForCount(size, o.timeoutMs)));
				for (let round = 1; round <= o.rounds; round++) {
					const drawn = await Promise.all(
						peers.map((p, i) =>
							p.draw({
								count: o.strokes,
								points: o.points,
								intervalMs: o.intervalMs,
								seed: 1000 * round + i
							})
						)
					);
					const lastEdit = Math.max(...drawn.flat().map((s) => s.at));
					const total = size * (1 + round * o.strokes);
					const done = await Promise.all(peers.map((p) => p.waitForCount(total, o.timeoutMs)));
					const digests = new Set(await Promise.all(peers.map((p) => p.digest())));
					if (digests.size !== 1) throw new Error(`${digests.size} different documents after sync`);
					const converged = Math.max(...done) - lastEdit;
					record(out, `converged-${size}`, converged);
					ctx.log(
						`room of ${size} ${system.name} round ${round}: converged ${converged.toFixed(0)} ms after the last edit`
					);
				}
			} catch (error) {
				fail(ctx, out, `room of ${size} ${system.name}`, error);
			} finally {
				await Promise.all(peers.map((p) => p.close()));
			}
		}
	});
}
