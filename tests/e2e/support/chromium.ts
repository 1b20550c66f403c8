import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Flags for every Chromium that opens WebRTC here (tests and benchmarks): headless on a machine
 * without GPU, no background traffic, and host ICE candidates on loopback (with media permission
 * granted in the context, Chromium gathers them; without this flag it skips loopback).
 */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--allow-loopback-in-peer-connection'
];

/**
 * The browser for end-to-end tests: Playwright's own when it is installed, otherwise a system
 * Chromium (CHROMIUM_PATH, or Debian's /usr/bin/chromium). Returns undefined to let Playwright
 * use its own.
 */
export function resolveChromium(): string | undefined {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv) {
		if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
		return fromEnv;
	}
	try {
		if (existsSync(chromium.executablePath())) return undefined;
	} catch {
		// Playwright's browser registry has no entry for this platform: fall through.
	}
	for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
		if (existsSync(candidate)) return candidate;
	}
	throw new Error(
		"No Chromium found for the end-to-end tests. Install one of: Playwright's browser " +
			"(npx playwright install chromium), Debian's package (apt-get install chromium), " +
			'or set CHROMIUM_PATH to a Chromium/Chrome executable.'
	);
}
