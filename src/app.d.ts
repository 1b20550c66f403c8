// See https://svelte.dev/docs/kit/types#app.d.ts
/// <reference types="vite-plugin-pwa/svelte" />
declare global {
	namespace App {}

	interface ImportMetaEnv {
		/** Comma-separated relay multiaddrs baked in at build time. */
		readonly VITE_RELAYS?: string;
		/** ICE servers as JSON, e.g. [{"urls":"stun:stun.example.org:3478"}]. */
		readonly VITE_ICE_SERVERS?: string;
	}
}

export {};
