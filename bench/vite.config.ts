/**
 * Builds the standalone benchmark page (bench/render-page) against the app's own modules; no
 * SvelteKit, no app route. Used by bench/render.ts.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
	root: here('./render-page'),
	base: './',
	logLevel: 'warn',
	resolve: { alias: { $lib: here('../src/lib') } },
	build: {
		// Outside the sources (node_modules/.cache is ignored by git, Prettier and ESLint).
		outDir: here('../node_modules/.cache/whiteboard-bench/render-page'),
		emptyOutDir: true,
		target: 'es2022',
		// Readable stack traces if the benchmark ever throws.
		minify: false
	}
});
