import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The app needs no server of its own: every route is rendered in the browser.
		adapter: adapter({ fallback: 'index.html' }),
		// Nothing but our own scripts runs; peers' text only ever reaches the DOM as text.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Svelte sets style attributes (colours, positions) at run time.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				// Relays are reached over WebSockets (ws: only works from pages served over http),
				// WebTransport (https:) and, for reading a board's copy, HTTP on the WebSocket port
				// (http: likewise only from http pages); WebRTC is not governed by CSP.
				'connect-src': ['self', 'ws:', 'wss:', 'https:', 'http:'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
