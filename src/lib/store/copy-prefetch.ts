/**
 * The first steps of opening a board, started as the app boots (hooks.client.ts) instead of once
 * the board's code has loaded: deriving the room key, and reading the relay's copy over HTTP
 * (copy-http.ts). The room session takes them over when it starts; a later session of the same
 * room (closed and opened again) does its own.
 */
import type { Multiaddr } from '@multiformats/multiaddr';
import { RoomKey } from '$lib/crypto/room-key';
import { copyReadUrl, fetchCopy, relayHttpOrigin, type HttpCopyRead } from './copy-http';

/** How long the early read may take before the page reads the copy over libp2p instead. */
export const PREFETCH_TIMEOUT_MS = 5_000;

export interface RoomPrefetch {
	key: Promise<RoomKey>;
	/** The copy of the first relay with a WebSocket address; rejects if it could not be read. */
	copy: Promise<HttpCopyRead>;
}

let started: { fragment: string; prefetch: RoomPrefetch } | null = null;

/** Starts deriving the key of the room whose link fragment is `fragment`, and reading its copy. */
export function prefetchRoom(fragment: string, relays: readonly Multiaddr[]): RoomPrefetch {
	const key = RoomKey.fromFragment(fragment);
	const copy = key.then((room) => readCopy(room.topicId, relays));
	// Whoever takes them handles their failures; nobody may.
	key.catch(() => {});
	copy.catch(() => {});
	const prefetch = { key, copy };
	started = { fragment, prefetch };
	return prefetch;
}

/** What prefetchRoom started for `fragment`, once; null if nothing was started for it. */
export function takeRoomPrefetch(fragment: string): RoomPrefetch | null {
	if (started?.fragment !== fragment) return null;
	const { prefetch } = started;
	started = null;
	return prefetch;
}

async function readCopy(topicId: string, relays: readonly Multiaddr[]): Promise<HttpCopyRead> {
	for (const relay of relays) {
		const origin = relayHttpOrigin(relay);
		if (origin == null) continue;
		const copy = await fetchCopy(
			copyReadUrl(origin, topicId),
			AbortSignal.timeout(PREFETCH_TIMEOUT_MS)
		);
		const named = relay.getComponents().findLast((c) => c.name === 'p2p')?.value;
		if (named != null && named !== copy.relay) {
			throw new Error(`the relay at ${origin} is ${copy.relay}, not ${named}`);
		}
		return copy;
	}
	throw new Error('no relay with a WebSocket address');
}
