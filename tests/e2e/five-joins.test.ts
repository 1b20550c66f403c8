import { expect, test } from '@playwright/test';
import {
	drawStroke,
	expectElementCount,
	hideDiagnostics,
	isInkAt,
	msToLogEntry,
	openRoom,
	showDiagnostics,
	zigzag,
	type BoardPage
} from './support/board-page.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_RELAY_PORT ?? 19090);
/** pubsub-peer-discovery's re-announcement (src/lib/p2p/constants.ts DISCOVERY_INTERVAL_MS). */
const REANNOUNCE_MS = 10_000;
/**
 * A join on this machine takes 1.5-3 s from navigation to the board (most of it loading the app
 * and reaching the relay); one that waits for a peer's re-announcement takes up to 10 s more.
 */
const JOIN_BOUND_MS = 6_000;
/** From the relay connection to the first direct link: discovery, signalling, ICE, a ping. */
const DIRECT_AFTER_RELAY_BOUND_MS = 3_500;

let relay: RelayHandle | undefined;
test.afterAll(async () => {
	await relay?.stop();
});

test('five browsers join one after another, each without a re-announcement, and all converge', async ({
	browser
}) => {
	test.setTimeout(180_000);
	relay = await startRelay(RELAY_PORT, tempKeyFile());
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	const roomId = `e2e-joins-${Date.now().toString(36)}`;
	const peers: BoardPage[] = [];
	const figures: string[] = [];

	for (let i = 0; i < 5; i++) {
		const peer = await openRoom(browser, roomId, relayAddr);
		peers.push(peer);
		if (i > 0) {
			// The newcomer shows every stroke drawn before it came (from the relay's copy, or from a
			// peer it found, connected to directly and synced with).
			await expectElementCount(peer.page, i, REANNOUNCE_MS + 10_000);
			const joinMs = await peer.page.evaluate(() => Date.now() - performance.timeOrigin);
			await showDiagnostics(peer.page);
			// The board may have come from the relay's copy: the direct link can come later.
			await expect
				.poll(() => msToLogEntry(peer.page, 'direct'), { timeout: REANNOUNCE_MS + 10_000 })
				.not.toBeNull();
			const relayMs = (await msToLogEntry(peer.page, 'relay-connected')) ?? NaN;
			const directMs = (await msToLogEntry(peer.page, 'direct')) ?? NaN;
			await hideDiagnostics(peer.page);
			figures.push(
				`browser ${i + 1}: board after ${Math.round(joinMs)} ms (relay ${Math.round(relayMs)}, direct ${Math.round(directMs)})`
			);
			const waited = `browser ${i + 1} waited for a re-announcement (every ${REANNOUNCE_MS} ms)?`;
			expect(joinMs, `${waited} It had the board only after ${Math.round(joinMs)} ms`).toBeLessThan(
				JOIN_BOUND_MS
			);
			expect(
				directMs - relayMs,
				`${waited} Its first direct link came ${Math.round(directMs - relayMs)} ms after the relay`
			).toBeLessThan(DIRECT_AFTER_RELAY_BOUND_MS);
		}
		// Each newcomer draws; everyone in the room, itself included, gets it.
		await drawStroke(peer.page, zigzag(60, 80 + 70 * i));
		for (const p of peers) await expectElementCount(p.page, i + 1);
	}
	console.log(figures.join('\n'));

	// Every stroke is on every screen, not only in every document.
	for (const p of peers) {
		for (let i = 0; i < 5; i++)
			await expect.poll(() => isInkAt(p.page, 80, 100 + 70 * i)).toBe(true);
	}
	for (const p of peers) await p.context.close();
});
