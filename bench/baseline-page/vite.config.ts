/**
 * Builds the baseline page (bench/baseline-page): our board and renderer with a stock Yjs
 * provider. Used by bench/run.ts.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
	root: here('.'),
	base: './',
	logLevel: 'warn',
	resolve: { alias: { $lib: here('../../src/lib') } },
	// Presence is a runes module (.svelte.ts), as in the app.
	plugins: [svelte({ configFile: false })],
	// simple-peer (inside y-webrtc) still expects Node's `global`.
	define: { global: 'globalThis' },
	build: {
		outDir: here('../../node_modules/.cache/whiteboard-bench/baseline-page'),
		emptyOutDir: true,
		target: 'es2022'
	}
});
