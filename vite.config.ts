import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// The app asks before it reloads into a new version ("Reload to update").
			registerType: 'prompt',
			injectRegister: false,
			// Absolute, so /room/<id> registers /sw.js for the whole app, not /room/sw.js.
			base: '/',
			scope: '/',
			manifest: {
				name: 'Whiteboard — draw together, peer to peer',
				short_name: 'Whiteboard',
				description:
					'A collaborative whiteboard whose boards travel directly between browsers. Works offline.',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				theme_color: '#1e1e2e',
				background_color: '#1e1e2e',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{
						src: '/icons/maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			// An SPA: every navigation (/, /room/<id>) is answered with the app shell, online or not.
			kit: { adapterFallback: 'index.html', spa: true },
			workbox: {
				globPatterns: ['client/**/*.{js,css,html,ico,png,svg,webmanifest,woff,woff2}'],
				navigateFallbackDenylist: [/^\/icons\//]
			},
			devOptions: { enabled: false }
		})
	],
	server: { port: 5173 },
	// Module workers (room/early-copy.worker.ts): they share chunks with the page's code.
	worker: { format: 'es' },
	// Small chunks merged into larger ones: the page boots from 9 module requests instead of 14
	// (an HTTP/1.1 host serves 6 at a time), which moved the first paint of a joined board earlier.
	build: { rollupOptions: { output: { experimentalMinChunkSize: 40_000 } } },
	preview: { port: Number(process.env.PORT ?? 4173), strictPort: true },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		// One module graph per worker instead of one per file: libp2p and Yjs load twice, not 60
		// times (the suite takes ~20 s instead of ~50 s on 2 cores). Tests restore what they change
		// (timers, globals); the suite also passes with its files shuffled.
		isolate: false,
		setupFiles: ['relay/polyfills.ts']
	}
});
