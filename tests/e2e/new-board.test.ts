import { expect, test } from '@playwright/test';
import { showDiagnostics } from './support/board-page.ts';
import { startRelay, tempKeyFile } from './support/relay.ts';

// The app's default relay is the page's own host on port 9090 (what `npm start` runs).
const DEFAULT_RELAY_PORT = 9090;

test('"New board" opens a fresh room that reaches the relay on the page host by default', async ({
	page
}) => {
	const relay = await startRelay(DEFAULT_RELAY_PORT, tempKeyFile());
	try {
		await page.goto('/');
		await page.getByRole('button', { name: 'New board' }).click();
		// The room key travels in the fragment: 43 base64url characters.
		await expect(page).toHaveURL(/\/room\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
		await expect(page.getByLabel('Whiteboard')).toBeVisible();

		await showDiagnostics(page);
		// The topic is derived from the key: it names neither the room id nor the key.
		const url = new URL(page.url());
		const topic = page.getByTestId('room-topic');
		await expect(topic).toHaveText(/^whiteboard\/room\/[A-Za-z0-9_-]{22}$/);
		const topicText = (await topic.textContent()) ?? '';
		expect(topicText).not.toContain(url.pathname.split('/').at(-1));
		expect(topicText).not.toContain(url.hash.slice(1, 23));
		const relayPeer = relay.address.split('/p2p/')[1] ?? '';
		const row = page.locator(`[data-testid="connection"][data-peer="${relayPeer}"]`);
		await expect(row).toHaveAttribute('data-transport', 'WebSockets');
		// Once the reservation is made the page can be reached for WebRTC signalling.
		await expect(page.getByTestId('multiaddrs')).toContainText(
			`/p2p/${relayPeer}/p2p-circuit/webrtc/p2p/`
		);
	} finally {
		await relay.stop();
	}
});

test('a link with an invalid board id explains what is wrong', async ({ page }) => {
	await page.goto('/room/no');
	await expect(
		page.getByRole('heading', { name: 'This link does not point to a board' })
	).toBeVisible();
});

test('a link without its key, or with a damaged one, explains it and opens nothing', async ({
	page
}) => {
	await page.goto('/room/valid-room-id');
	await expect(page.getByRole('heading', { name: 'This link is missing its key' })).toBeVisible();
	await expect(page.getByText('send you the full link')).toBeVisible();
	await expect(page.getByLabel('Whiteboard')).toHaveCount(0);

	await page.goto('/room/valid-room-id#tooShort');
	await expect(page.getByRole('heading', { name: "This link's key is damaged" })).toBeVisible();
	await expect(page.getByLabel('Whiteboard')).toHaveCount(0);
});
