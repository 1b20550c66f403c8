import { expect, test } from '@playwright/test';
import {
	drawStroke,
	expectDirectWebRTC,
	expectElementCount,
	hideDiagnostics,
	openRoom,
	peerIdOf,
	testRoomKey,
	zigzag,
	type BoardPage
} from './support/board-page.ts';
import { fallbackTopicFromKey, joinRoomFallback } from './support/observer.ts';
import { startRelay, tempKeyFile } from './support/relay.ts';
import { elementsIn } from './support/room-gossip.ts';

const RELAY_PORT = Number(process.env.E2E_ROUTING_RELAY_PORT ?? 19098);
const RELAY_TCP_PORT = RELAY_PORT + 100;
const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;

/** Closes the page's direct WebRTC connections (the probe's test hook); returns how many. */
const cutDirectLinks = (board: BoardPage) =>
	board.page.evaluate(() => globalThis.whiteboardLinks?.closeDirect() ?? 0);

/**
 * Stops (false) or restarts (true) dialling in both pages: a cut link stays cut until restarted,
 * whenever the next discovery record comes (the test must not race the dialler).
 */
const dialing = (on: boolean, ...boards: BoardPage[]) =>
	Promise.all(
		boards.map((b) => b.page.evaluate((v) => globalThis.whiteboardLinks?.dialing(v), on))
	);

/** Where the page's last room message went: 'live', 'direct' (room topic) or 'fallback' (relay). */
const lastRoute = (board: BoardPage) =>
	board.page.evaluate(() => globalThis.whiteboardLinks?.route());

/** Peers the page's room messages reach over a direct link now (the probe's test hook). */
const directPeers = (board: BoardPage) =>
	board.page.evaluate(() => globalThis.whiteboardLinks?.directPeers() ?? []);

/** Peers the page has a live link to (its own stream on a direct connection). */
const livePeers = (board: BoardPage) =>
	board.page.evaluate(() => globalThis.whiteboardLinks?.livePeers() ?? []);

/** A direct link both ways that carries gossip and live links: room messages take it. */
async function linked(a: BoardPage, b: BoardPage): Promise<void> {
	const [peerA, peerB] = [await peerIdOf(a.page), await peerIdOf(b.page)];
	await expectDirectWebRTC(a.page, peerB);
	await expect.poll(() => directPeers(a), { timeout: 30_000 }).toEqual([peerB]);
	await expect.poll(() => directPeers(b), { timeout: 30_000 }).toEqual([peerA]);
	await expect.poll(() => livePeers(a), { timeout: 30_000 }).toEqual([peerB]);
	await expect.poll(() => livePeers(b), { timeout: 30_000 }).toEqual([peerA]);
	await hideDiagnostics(a.page);
	await hideDiagnostics(b.page);
}

// The observer is a stock libp2p peer on the relay's fallback topic: it receives whatever the
// relay forwards of the room, and (as the test holds the key) can tell which strokes those are.
test('room data crosses the relay only while a browser has no direct link', async ({ browser }) => {
	const relay = await startRelay(RELAY_PORT, tempKeyFile(), { tcpPort: RELAY_TCP_PORT });
	const roomId = `routing-${Date.now().toString(36)}`;
	const key = testRoomKey(roomId);
	const observer = await joinRoomFallback(relay.address, RELAY_TCP_PORT, roomId);
	const relayed = () => elementsIn(observer.payloads, key, fallbackTopicFromKey(key)).length;
	try {
		const a = await openRoom(browser, roomId, relayAddr, { probe: true });
		const b = await openRoom(browser, roomId, relayAddr, { probe: true });
		await linked(a, b);

		// Both direct: strokes both ways go over the direct link only, on the live links.
		await drawStroke(a.page, zigzag(60, 100));
		await expectElementCount(b.page, 1);
		await drawStroke(b.page, zigzag(60, 180));
		await expectElementCount(a.page, 2);
		expect(await lastRoute(a)).toBe('live');
		expect(await lastRoute(b)).toBe('live');

		// The link is cut: the next strokes, both ways, go through the relay at once...
		await dialing(false, a, b);
		expect(await cutDirectLinks(a)).toBeGreaterThan(0);
		// Both sides know the link is gone (B hears of it a moment later): a message sent into a
		// link its sender still thinks open is left to the next sync exchange (PROTOCOL.md).
		await expect.poll(() => directPeers(a)).toEqual([]);
		await expect.poll(() => directPeers(b)).toEqual([]);
		await drawStroke(a.page, zigzag(60, 260));
		await expectElementCount(b.page, 3);
		expect(await lastRoute(a)).toBe('fallback');
		await drawStroke(b.page, zigzag(60, 340));
		await expectElementCount(a.page, 4);
		expect(await lastRoute(b)).toBe('fallback');
		// ...and only they did: each browser's messages reach the relay in the order it sent them,
		// so a stroke drawn while direct that had gone that way would have arrived first.
		await expect.poll(relayed).toBe(2);

		// The dialler links them again: direct only once more.
		await dialing(true, a, b);
		await linked(a, b);
		await drawStroke(a.page, zigzag(60, 420));
		await expectElementCount(b.page, 5);
		await drawStroke(b.page, zigzag(60, 500));
		await expectElementCount(a.page, 6);
		// A marker through the relay again bounds what it saw since.
		await dialing(false, a, b);
		expect(await cutDirectLinks(b)).toBeGreaterThan(0);
		await expect.poll(() => directPeers(b)).toEqual([]);
		await drawStroke(b.page, zigzag(300, 100));
		await expectElementCount(a.page, 7);
		expect(await lastRoute(b)).toBe('fallback');
		await expect.poll(relayed).toBe(3);
		await a.context.close();
		await b.context.close();
	} finally {
		await observer.stop();
		await relay.stop();
	}
});

test('a browser that cannot make WebRTC gets every stroke through the relay', async ({
	browser
}) => {
	const relay = await startRelay(RELAY_PORT, tempKeyFile(), { tcpPort: RELAY_TCP_PORT });
	const roomId = `no-webrtc-${Date.now().toString(36)}`;
	try {
		const a = await openRoom(browser, roomId, relayAddr);
		const b = await openRoom(browser, roomId, relayAddr, { withoutWebRTC: true });
		// Each lists the other once its presence came through the relay: from then on each knows
		// the other is in the room without a direct link.
		for (const page of [a.page, b.page]) {
			const list = page.getByRole('list', { name: 'Collaborators' });
			await expect(list.getByRole('listitem')).toHaveCount(2, { timeout: 30_000 });
		}
		for (let i = 0; i < 3; i++) await drawStroke(a.page, zigzag(60, 100 + i * 80));
		await expectElementCount(b.page, 3);
		await drawStroke(b.page, zigzag(300, 100));
		await expectElementCount(a.page, 4);
		// A third browser that can: direct to A, while B still depends on the relay.
		const c = await openRoom(browser, roomId, relayAddr);
		await expectDirectWebRTC(a.page, await peerIdOf(c.page));
		await expectElementCount(c.page, 4);
		await hideDiagnostics(a.page);
		await drawStroke(a.page, zigzag(300, 200));
		await expectElementCount(b.page, 5);
		await expectElementCount(c.page, 5);
		for (const p of [a, b, c]) await p.context.close();
	} finally {
		await relay.stop();
	}
});
