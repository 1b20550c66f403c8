#!/usr/bin/env node
// Renders the app icons (static/icons/*.png) from SVG with headless Chromium, so they can be
// regenerated after a design change: `node scripts/make-icons.js`. The PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const scribble = (stroke) =>
	`<path d="M26 70 C 36 40, 46 36, 54 52 S 72 72, 78 34" fill="none" stroke="${stroke}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>
	 <circle cx="78" cy="34" r="6" fill="#f38ba8"/>`;

// "any": rounded tile. "maskable": full-bleed background, artwork inside the 80% safe zone.
const icons = {
	'icon.svg': `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="22" fill="#1e1e2e"/>${scribble('#89b4fa')}</svg>`,
	'maskable.svg': `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#1e1e2e"/><g transform="translate(15 15) scale(0.7)">${scribble('#89b4fa')}</g></svg>`
};

const outputs = [
	['icon.svg', 192, 'icon-192.png'],
	['icon.svg', 512, 'icon-512.png'],
	['maskable.svg', 512, 'maskable-512.png'],
	['icon.svg', 180, 'apple-touch-icon.png']
];

mkdirSync('static/icons', { recursive: true });
for (const [name, svg] of Object.entries(icons)) writeFileSync(`static/icons/${name}`, svg);

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
});
const page = await browser.newPage();
for (const [source, size, file] of outputs) {
	await page.setViewportSize({ width: size, height: size });
	await page.setContent(
		`<html><body style="margin:0;background:transparent">${icons[source].replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`
	);
	await page.screenshot({ path: `static/icons/${file}`, omitBackground: true });
	console.log(`static/icons/${file}`);
}
await browser.close();
