import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';

/**
 * The whole board as the app exports it (Menu -> Export SVG). Two boards whose documents hold the
 * same elements export the same SVG, so comparing exports compares documents.
 */
export async function exportSvg(page: Page): Promise<string> {
	await page.getByRole('button', { name: 'Menu' }).click();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export SVG' }).click();
	const path = await (await download).path();
	await page.keyboard.press('Escape');
	return readFile(path, 'utf8');
}
