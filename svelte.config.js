import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The app needs no server of its own: every route is rendered in the browser.
		adapter: adapter({ fallback: 'index.html' })
	}
};

export default config;
