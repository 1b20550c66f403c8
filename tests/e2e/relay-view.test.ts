import { expect, test } from '@playwright/test';
import {
	drawStroke,
	expectElementCount,
	openRoom,
	selectTool,
	zigzag
} from './support/board-page.ts';
import { joinRoomFallback } from './support/observer.ts';
import { startRelay, tempKeyFile } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_VIEW_RELAY_PORT ?? 19096);
const RELAY_TCP_PORT = RELAY_PORT + 100;
const SECRET = 'Quarterly plan: acquire Initech';

test('the relay only ever forwards ciphertext', async ({ browser }) => {
	const relay = await startRelay(RELAY_PORT, tempKeyFile(), { tcpPort: RELAY_TCP_PORT });
	const roomId = `view-${Date.now().toString(36)}`;
	// The relay forwards a room's messages only on its fallback topic, and only while some room
	// peer has no direct link: B never gets one, so everything crosses the relay.
	const observer = await joinRoomFallback(relay.address, RELAY_TCP_PORT, roomId);
	try {
		const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
		const a = await openRoom(browser, roomId, relayAddr);
		const b = await openRoom(browser, roomId, relayAddr, { withoutWebRTC: true });
		await expect(
			a.page.getByRole('list', { name: 'Collaborators' }).getByRole('listitem')
		).toHaveCount(2, { timeout: 30_000 });
		await a.page.getByRole('textbox', { name: 'Your name' }).fill('Alice Secretname');
		await a.page.keyboard.press('Enter');

		await selectTool(a.page, 'Text');
		await a.page.getByLabel('Whiteboard').click({ position: { x: 300, y: 300 } });
		await a.page.keyboard.type(SECRET);
		await a.page.keyboard.press('Enter');
		await selectTool(a.page, 'Pen');
		await drawStroke(a.page, zigzag(60, 120));
		await expectElementCount(b.page, 2);
		await a.page.mouse.move(500, 500);
		await a.page.mouse.move(520, 520);

		// The observer really sees the room's traffic (document updates and presence)...
		await expect.poll(() => observer.payloads.length).toBeGreaterThanOrEqual(3);
		// ...and none of it is readable.
		const seen = Buffer.concat(observer.payloads.map((p) => Buffer.from(p)));
		for (const plaintext of [SECRET, 'Quarterly', 'Alice Secretname', roomId]) {
			expect(seen.includes(Buffer.from(plaintext, 'utf8')), plaintext).toBe(false);
		}
		await a.context.close();
		await b.context.close();
	} finally {
		await observer.stop();
		await relay.stop();
	}
});
