import { expect, test } from '@playwright/test';
import { roomPath } from './support/board-page.ts';

test('the web manifest is served, complete, and its icons exist', async ({ page, request }) => {
	await page.goto('/');
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBeTruthy();
	const response = await request.get(new URL(href ?? '', page.url()).toString());
	expect(response.ok()).toBe(true);
	const manifest = await response.json();
	expect(manifest).toMatchObject({
		name: expect.any(String),
		short_name: expect.any(String),
		description: expect.any(String),
		start_url: '/',
		display: 'standalone',
		theme_color: expect.stringMatching(/^#/),
		background_color: expect.stringMatching(/^#/)
	});
	const icons = manifest.icons as Array<{ src: string; sizes: string; purpose?: string }>;
	for (const size of ['192x192', '512x512']) expect(icons.some((i) => i.sizes === size)).toBe(true);
	expect(icons.some((i) => i.purpose?.split(' ').includes('maskable'))).toBe(true);
	for (const icon of icons) {
		const file = await request.get(new URL(icon.src, page.url()).toString());
		expect(file.ok(), icon.src).toBe(true);
		expect(file.headers()['content-type']).toBe('image/png');
	}
});

test('the service worker registers and controls the page', async ({ page }) => {
	await page.goto('/');
	await page.evaluate(() => navigator.serviceWorker.ready);
	// The first load is not controlled until the worker claims it or the page reloads.
	await page.reload();
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null))
		.toBe('activated');
});

test('the app shell opens offline: the start page and any room link', async ({ page, context }) => {
	await page.goto('/');
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller != null))
		.toBe(true);

	await context.setOffline(true);
	await page.goto('/');
	await expect(page.getByRole('button', { name: 'New board' })).toBeVisible();
	await page.goto(roomPath('offline-room-1'));
	await expect(page.getByLabel('Whiteboard')).toBeVisible();
	await context.setOffline(false);
});
