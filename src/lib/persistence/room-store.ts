import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { BatchedWrites } from './batched-writes';

/** How long peers' updates wait to be written together (batched-writes.ts). */
export const BATCHED_WRITE_DELAY_MS = 500;

export interface RoomStoreOptions {
	/** Origins of updates that may be written in batches: those the network applied. */
	batched?: (origin: unknown) => boolean;
}

/** The open local copy of a room; `destroy()` writes what is pending, then closes it. */
export interface RoomStore {
	destroy(): Promise<void>;
}

/** One IndexedDB database per room, so forgetting a board deletes exactly its data. */
export function roomDatabaseName(roomId: string): string {
	return `whiteboard-room-${roomId}`;
}

/**
 * Keeps a room's Y.Doc in IndexedDB: everything already stored is loaded into the doc before
 * `open` resolves (so a reload or an offline start shows the board at once), and every later
 * update is written as it happens, or, for the `batched` origins, a moment later.
 */
export async function openRoomStore(
	roomId: string,
	doc: Y.Doc,
	options: RoomStoreOptions = {}
): Promise<RoomStore> {
	const persistence = new IndexeddbPersistence(roomDatabaseName(roomId), doc);
	await persistence.whenSynced;
	const { batched } = options;
	if (batched == null) return persistence;
	const writes = new BatchedWrites(doc, persistence, batched, BATCHED_WRITE_DELAY_MS);
	// A page that is closed or reloaded writes what is pending (IndexedDB finishes a write begun
	// in pagehide), so a reopened board offline has every stroke this page had seen.
	globalThis.addEventListener?.('pagehide', writes.flush);
	return {
		destroy: () => {
			globalThis.removeEventListener?.('pagehide', writes.flush);
			writes.stop();
			return persistence.destroy();
		}
	};
}

/**
 * False only when IndexedDB lists no database of the room (this browser never opened it); true
 * when it has one or cannot tell.
 */
export async function mayHaveRoomStore(roomId: string): Promise<boolean> {
	if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
	try {
		const databases = await indexedDB.databases();
		return databases.some((database) => database.name === roomDatabaseName(roomId));
	} catch {
		return true;
	}
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
