import { expect, test } from '@playwright/test';
import {
	drawStroke,
	expectDirectWebRTC,
	expectElementCount,
	hideDiagnostics,
	isInkAt,
	msToLogEntry,
	openRoom,
	peerIdOf,
	zigzag
} from './support/board-page.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_RELAY_PORT ?? 19090);
let relay: RelayHandle | undefined;

test.afterAll(async () => {
	await relay?.stop();
});

test('two browsers draw together over a direct WebRTC link that outlives the relay', async ({
	browser
}) => {
	const keyFile = tempKeyFile();
	relay = await startRelay(RELAY_PORT, keyFile);
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	const roomId = `e2e-${Date.now().toString(36)}`;

	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);
	const [idA, idB] = [await peerIdOf(a.page), await peerIdOf(b.page)];
	expect(idA).not.toBe(idB);

	// Each side shows a direct, unrelayed WebRTC connection to the other.
	await expectDirectWebRTC(a.page, idB);
	await expectDirectWebRTC(b.page, idA);
	// Figures for the record (not asserted): how long the second browser took to get connected.
	const relayMs = await msToLogEntry(b.page, 'relay-connected');
	const directMs = await msToLogEntry(b.page, 'direct');
	console.log(`second browser: relay after ${relayMs} ms, direct WebRTC after ${directMs} ms`);
	await hideDiagnostics(a.page);
	await hideDiagnostics(b.page);

	// A stroke drawn with the mouse in A appears in B, in the document and on the canvas.
	await drawStroke(a.page, zigzag(60, 120));
	await expectElementCount(b.page, 1);
	await expect.poll(() => isInkAt(b.page, 80, 140)).toBe(true);

	// And the other way round.
	await drawStroke(b.page, zigzag(60, 260));
	await expectElementCount(a.page, 2);
	await expect.poll(() => isInkAt(a.page, 80, 280)).toBe(true);

	// Stop the relay: strokes keep flowing, so the data path is the direct link.
	await relay.stop();
	await drawStroke(a.page, zigzag(60, 400));
	await expectElementCount(b.page, 3);
	await expect.poll(() => isInkAt(b.page, 80, 420)).toBe(true);

	// Restart the relay (same key, same peer id); a third browser joins and gets the whole board.
	relay = await startRelay(RELAY_PORT, keyFile);
	const c = await openRoom(browser, roomId, relayAddr);
	await expectElementCount(c.page, 3, 45_000);
	await hideDiagnostics(c.page);
	for (const y of [140, 280, 420]) await expect.poll(() => isInkAt(c.page, 80, y)).toBe(true);

	for (const p of [a, b, c]) await p.context.close();
});
