import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/** One IndexedDB database per room, so forgetting a board deletes exactly its data. */
export function roomDatabaseName(roomId: string): string {
	return `whiteboard-room-${roomId}`;
}

export interface RoomStoreOptions {
	/**
	 * Origins whose updates are written once the next frame is painted instead of at once: the
	 * relay's copy of a whole board (8 MB for 10,000 strokes) takes IndexedDB ~30 ms to take in,
	 * which the board's first paint would wait for.
	 */
	writeAfterPaint?: readonly unknown[];
}

/** A hidden tab paints no frames: its deferred writes go after this long instead. */
const DEFERRED_WRITE_MAX_MS = 500;

/**
 * Keeps a room's Y.Doc in IndexedDB: everything already stored is loaded into the doc before
 * `open` resolves (so a reload or an offline start shows the board at once), and every later
 * update is written as it happens (or just after the next paint, see `writeAfterPaint`).
 */
export async function openRoomStore(
	roomId: string,
	doc: Y.Doc,
	options: RoomStoreOptions = {}
): Promise<IndexeddbPersistence> {
	const persistence = new IndexeddbPersistence(roomDatabaseName(roomId), doc);
	const later = new Set(options.writeAfterPaint ?? []);
	if (later.size > 0) {
		const store = persistence._storeUpdate;
		const write = (update: Uint8Array, origin: unknown): void => {
			if (!later.has(origin)) return store(update, origin);
			afterPaint(() => {
				if (!persistence._destroyed) store(update, origin);
			});
		};
		doc.off('update', store);
		doc.on('update', write);
		// Its destroy() takes this listener off the doc.
		persistence._storeUpdate = write;
	}
	await persistence.whenSynced;
	return persistence;
}

/** Runs `run` once, after the next frame is painted or DEFERRED_WRITE_MAX_MS, whichever is first. */
function afterPaint(run: () => void): void {
	let done = false;
	const once = (): void => {
		if (done) return;
		done = true;
		clearTimeout(timer);
		run();
	};
	const timer = setTimeout(once, DEFERRED_WRITE_MAX_MS);
	requestAnimationFrame(() => setTimeout(once, 0));
}
/** Deletes a room's local copy (the "forget" action on the start page). */
export function deleteRoomStore(roomId: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.deleteDatabase(roomDatabaseName(roomId));
		request.onsuccess = () => resolve();
		request.onerror = () => reject(request.error ?? new Error('could not delete the local copy'));
		// Another tab still has the board open: deletion completes when it closes.
		request.onblocked = () => resolve();
	});
}
