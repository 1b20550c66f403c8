import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from './tests/e2e/support/chromium.ts';

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4183);

export default defineConfig({
	testDir: 'tests/e2e',
	// Every test drives several real browsers and a real relay: run them one at a time.
	workers: 1,
	fullyParallel: false,
	timeout: 120_000,
	expect: { timeout: 15_000 },
	retries: 0,
	reporter: [['list']],
	webServer: {
		// The static build as a production host serves it (SPA fallback), not Vite's preview.
		command: `node scripts/serve.js --port ${APP_PORT} --host 127.0.0.1`,
		url: `http://127.0.0.1:${APP_PORT}`,
		reuseExistingServer: false,
		timeout: 60_000
	},
	use: {
		baseURL: `http://127.0.0.1:${APP_PORT}`,
		// Without media permission Chromium gathers no host ICE candidates on loopback.
		permissions: ['microphone', 'camera'],
		launchOptions: {
			executablePath: resolveChromium(),
			args: CHROMIUM_ARGS
		},
		trace: 'off'
	}
});
