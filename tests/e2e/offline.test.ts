import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
	drawStroke,
	expectDirectWebRTC,
	expectElementCount,
	hideDiagnostics,
	isInkAt,
	openRoom,
	peerIdOf,
	zigzag
} from './support/board-page.ts';
import { exportSvg } from './support/export.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_OFFLINE_RELAY_PORT ?? 19094);
const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
let relay: RelayHandle | undefined;

test.beforeAll(async () => {
	relay = await startRelay(RELAY_PORT, tempKeyFile());
});
test.afterAll(async () => {
	await relay?.stop();
});

const room = (name: string) => `${name}-${Date.now().toString(36)}`;

/** Waits until the service worker controls the page, so it can be reloaded offline. */
async function controlledByServiceWorker(page: Page): Promise<void> {
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller != null))
		.toBe(true);
	await expect(page.getByLabel('Whiteboard')).toBeVisible();
}

async function reloadOffline(page: Page, context: BrowserContext): Promise<void> {
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByLabel('Whiteboard')).toBeVisible();
}

test('a board reloads offline with its strokes, and keeps strokes drawn offline', async ({
	browser
}) => {
	const a = await openRoom(browser, room('offline'), relayAddr);
	await controlledByServiceWorker(a.page);
	await drawStroke(a.page, zigzag(60, 120));
	await expectElementCount(a.page, 1);

	await reloadOffline(a.page, a.context);
	await expectElementCount(a.page, 1);
	await expect.poll(() => isInkAt(a.page, 80, 140)).toBe(true);
	await expect(a.page.getByRole('status', { name: 'Connection status' })).toContainText(
		/offline|connecting/
	);

	await drawStroke(a.page, zigzag(60, 260));
	await expectElementCount(a.page, 2);
	await a.page.reload();
	await expectElementCount(a.page, 2);
	await expect.poll(() => isInkAt(a.page, 80, 280)).toBe(true);
	await a.context.close();
});

test('two peers draw while offline and converge when they come back', async ({ browser }) => {
	const roomId = room('merge');
	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);
	await expectDirectWebRTC(a.page, await peerIdOf(b.page));
	await hideDiagnostics(a.page);
	await hideDiagnostics(b.page);
	await drawStroke(a.page, zigzag(60, 120));
	await expectElementCount(b.page, 1);

	await a.context.setOffline(true);
	await b.context.setOffline(true);
	await drawStroke(a.page, zigzag(60, 260));
	await drawStroke(b.page, zigzag(360, 260));
	await drawStroke(b.page, zigzag(360, 400));
	await a.context.setOffline(false);
	await b.context.setOffline(false);

	await expectElementCount(a.page, 4);
	await expectElementCount(b.page, 4);
	expect(await exportSvg(a.page)).toBe(await exportSvg(b.page));
	await a.context.close();
	await b.context.close();
});

test('a peer that reloads mid-session loses nothing and rejoins the room', async ({ browser }) => {
	const roomId = room('reload');
	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);
	await drawStroke(a.page, zigzag(60, 120));
	await drawStroke(b.page, zigzag(360, 120));
	await expectElementCount(a.page, 2);
	await expectElementCount(b.page, 2);

	await b.page.reload();
	await expectElementCount(b.page, 2);
	const idA = await peerIdOf(a.page);
	await expectDirectWebRTC(b.page, idA);
	await hideDiagnostics(a.page);
	await hideDiagnostics(b.page);
	await drawStroke(b.page, zigzag(60, 400));
	await expectElementCount(a.page, 3);
	expect(await exportSvg(a.page)).toBe(await exportSvg(b.page));
	await a.context.close();
	await b.context.close();
});

test('the start page lists an opened board by name and reopens it', async ({ browser }) => {
	const roomId = room('recent');
	const a = await openRoom(browser, roomId, relayAddr);
	await a.page.getByRole('button', { name: 'Untitled board' }).click();
	await a.page.getByRole('textbox', { name: 'Board name' }).fill('Sprint 14 retro');
	await a.page.keyboard.press('Enter');
	await expect(a.page).toHaveTitle(/Sprint 14 retro/);
	await drawStroke(a.page, zigzag(60, 120));

	await a.page.goto('/');
	const list = a.page.getByRole('list', { name: 'Recent boards' });
	await expect(list.getByRole('link', { name: 'Sprint 14 retro' })).toBeVisible();
	await list.getByRole('link', { name: 'Sprint 14 retro' }).click();
	await expect(a.page).toHaveURL(new RegExp(`/room/${roomId}`));
	await expectElementCount(a.page, 1);

	await a.page.goto('/');
	await list.getByRole('button', { name: 'Forget Sprint 14 retro' }).click();
	await list.getByRole('button', { name: 'Delete' }).click();
	await expect(list).toBeHidden();
	await a.context.close();
});
