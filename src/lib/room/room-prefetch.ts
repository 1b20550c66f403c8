/**
 * The first steps of opening a board, started as the app boots (hooks.client.ts) instead of once
 * the board's code has loaded: deriving the room key, then reading the relay's copy over HTTP and
 * opening it (decrypting and checking it); a large copy is opened in a worker where the browser has
 * one (early-copy.ts), so that the page's busy main thread does not do that too.
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
import { EarlyCopyWorker, type EarlyCopyKey } from './early-copy';

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
 * Starts deriving the key of the room whose link fragment is `fragment`, and reading its copy: a
 * large one is opened in a worker unless `inWorker` is false or the platform has none (Node).
 */
export function prefetchRoom(
	fragment: string,
	relays: readonly Multiaddr[],
	{ inWorker = typeof Worker === 'function' } = {}
): RoomPrefetch {
	performance.mark('whiteboard:prefetch-start');
	const key = RoomKey.fromFragment(fragment);
	// The opening code (Yjs, the board schema) loads while the key is derived and the relay asked.
	const opener = import('./early-copy-open');
	const copy = key.then((room) => readAndOpen(room, relayOrigins(relays), inWorker, opener));
	// Whoever takes them handles their failures; nobody may (a large copy never needs the opener).
	opener.catch(() => {});
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

/**
 * The page asks the relay itself (a worker would have to start first, and its start waits for the
 * page's busy main thread); an answer larger than this is opened in a worker, a smaller one (a
 * board of a few dozen strokes) on the page, which has nothing to overlap it with.
 */
export const OPEN_ON_PAGE_BYTES = 64 * 1024;

async function readAndOpen(
	room: RoomKey,
	relays: readonly RelayOrigin[],
	inWorker: boolean,
	opener: Promise<typeof import('./early-copy-open')>
): Promise<EarlyCopy> {
	const key = { storeKey: room.store.key, topicId: room.topicId };
	const signal = AbortSignal.timeout(EARLY_READ_TIMEOUT_MS);
	const answer = await requestCopyFrom(room.topicId, relays, signal);
	const { body, headers } = answer.response;
	// A missing length counts as large.
	const length = headers.get('content-length');
	const large = length == null || !(Number(length) <= OPEN_ON_PAGE_BYTES);
	if (inWorker && large && body != null) {
		const copy = inWorkerOrNull(answer.relay, body, key);
		if (copy != null) return copy;
	}
	const read = await readCopyBody(answer.response);
	const { openEarlyCopy } = await opener;
	const opened = await openEarlyCopy(read, key.storeKey, key.topicId);
	performance.mark('whiteboard:copy-opened');
	return wholeCopy({ relay: answer.relay, read, opened });
}

/** The copy, opened in a worker; null if none can be started here. */
function inWorkerOrNull(
	relay: string,
	body: ReadableStream<Uint8Array>,
	key: EarlyCopyKey
): EarlyCopy | null {
	let worker: EarlyCopyWorker;
	try {
		worker = new EarlyCopyWorker();
	} catch {
		return null; // not allowed here (a policy): the page opens it
	}
	return worker.open(relay, body, key, EARLY_READ_TIMEOUT_MS);
}
