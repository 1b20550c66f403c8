/**
 * Runs once as the app boots, before any route's code has loaded. On a board's page it starts
 * deriving the room key and reading the relay's copy over HTTP (room-prefetch.ts), so the board
 * can be painted while the network code still loads, parses and connects.
 */
import type { ClientInit } from '@sveltejs/kit';
import { base } from '$app/paths';
import { linkAccess } from '$lib/crypto/room-key';
import { pageNetworkConfig } from '$lib/p2p/page-config';
import { isValidRoomId } from '$lib/p2p/topics';
import { prefetchRoom } from '$lib/room/room-prefetch';

export const init: ClientInit = () => {
	const location = new URL(window.location.href);
	const roomId = location.pathname.startsWith(`${base}/room/`)
		? location.pathname.slice(`${base}/room/`.length)
		: null;
	const fragment = location.hash.slice(1);
	if (roomId == null || !isValidRoomId(roomId) || linkAccess(fragment) == null) return;
	let relays;
	try {
		relays = pageNetworkConfig(location).relays;
	} catch {
		return; // the page says what is wrong with the settings
	}
	prefetchRoom(fragment, relays);
};
