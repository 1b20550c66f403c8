import { expect, test } from '@playwright/test';
import { drawStroke, roomPath, showDiagnostics, zigzag } from './support/board-page.ts';
import { startRelay, tempKeyFile } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_CSP_RELAY_PORT ?? 19095);

test('the app runs under a strict Content-Security-Policy without violating it', async ({
	browser
}) => {
	const relay = await startRelay(RELAY_PORT, tempKeyFile());
	const context = await browser.newContext();
	try {
		// Chromium reports every blocked script, style, connection or worker on the console.
		const violations: string[] = [];
		context.on('console', (m) => {
			if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
		});
		const page = await context.newPage();
		const relayAddr = encodeURIComponent(`/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`);
		await page.goto(roomPath(`csp-${Date.now().toString(36)}`, `?relay=${relayAddr}`));

		const csp = await page
			.locator('meta[http-equiv="content-security-policy"]')
			.getAttribute('content');
		expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+')*;/);
		expect(csp).toContain("object-src 'none'");

		await drawStroke(page, zigzag(60, 120));
		await showDiagnostics(page);
		await expect(page.getByTestId('multiaddrs')).toContainText('/p2p-circuit/webrtc/');
		await page.getByRole('button', { name: 'Diagnostics' }).click();
		await page.getByRole('button', { name: 'Share' }).click();
		await expect(page.getByRole('img', { name: 'QR code of the board link' })).toBeVisible();
		await page.keyboard.press('Escape');
		await page.getByRole('button', { name: 'Menu' }).click();
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export PNG' }).click();
		await download;
		await page.evaluate(() => navigator.serviceWorker.ready);

		expect(violations).toEqual([]);
	} finally {
		await context.close();
		await relay.stop();
	}
});
