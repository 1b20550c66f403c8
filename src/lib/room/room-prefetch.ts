/**
 * The first steps of opening a board, started as the app boots (hooks.client.ts) instead of once
 * the board's code has loaded: deriving the room key, then reading the relay's copy over HTTP and
 * opening it (decrypting and checking it), both in a worker where the browser has one
 * (early-copy.ts), so that the page's busy main thread delays neither.
 * The room session takes them over when it starts; a later session of the same room (closed and
 * opened again) does its own.
 */
import type { Multiaddr } from '@multiformats/multiaddr';
import { RoomKey } from '$lib/crypto/room-key';
import {
	readCopyBody,
	relayOrigins,
	requestCopyFrom,
	type RelayOrigin
} from '$lib/store/copy-http';
import { wholeCopy, type EarlyCopy } from '$lib/store/copy-open';
import { EarlyCopyWorker } from './early-copy';

/** How long the early read may take before the page reads the copy over libp2p instead. */
export const EARLY_READ_TIMEOUT_MS = 5_000;

export interface RoomPrefetch {
	key: Promise<RoomKey>;
	/**
	 * The copy of the first relay with a WebSocket address, as it is read and opened (once the
	 * relay has answered); rejects if it could not be read.
	 */
	copy: Promise<EarlyCopy>;
}

let started: { fragment: string; prefetch: RoomPrefetch } | null = null;

/**
 * Starts deriving the key of the room whose link fragment is `fragment`, and reading its copy:
 * opened in a worker unless `inWorker` is false or the platform has none (Node).
 */
export function prefetchRoom(
	fragment: string,
	relays: readonly Multiaddr[],
	{ inWorker = typeof Worker === 'function' } = {}
): RoomPrefetch {
	performance.mark('whiteboard:prefetch-start');
	const key = RoomKey.fromFragment(fragment);
	const worker = inWorker ? startWorker() : null;
	const copy = key.then((room) => readAndOpen(room, relayOrigins(relays), worker));
	// Whoever takes them handles their failures; nobody may.
	key.catch(() => worker?.end());
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

function startWorker(): EarlyCopyWorker | null {
	try {
		return new EarlyCopyWorker();
	} catch {
		return null; // not allowed here (a policy): the page opens the copy itself
	}
}

async function readAndOpen(
	room: RoomKey,
	relays: readonly RelayOrigin[],
	worker: EarlyCopyWorker | null
): Promise<EarlyCopy> {
	const key = { storeKey: room.store.key, topicId: room.topicId };
	const [relay] = relays;
	if (worker != null && relay != null) {
		return worker.read({ relay, ...key, timeoutMs: EARLY_READ_TIMEOUT_MS });
	}
	worker?.end();
	const signal = AbortSignal.timeout(EARLY_READ_TIMEOUT_MS);
	const answer = await requestCopyFrom(room.topicId, relays, signal);
	const read = await readCopyBody(answer.response);
	// Loaded only here: the opening code (Yjs, the board schema) would delay the boot.
	const { openEarlyCopy } = await import('./early-copy-open');
	const opened = await openEarlyCopy(read, key.storeKey, key.topicId);
	performance.mark('whiteboard:copy-opened');
	return wholeCopy({ relay: answer.relay, read, opened });
}
