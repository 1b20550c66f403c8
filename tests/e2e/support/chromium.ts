import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

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
