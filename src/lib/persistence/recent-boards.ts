/**
 * The boards this browser has opened, newest first, for the start page. Kept in localStorage: it
 * is small, and reading it synchronously lets the start page render the list in its first frame.
 */
export interface RecentBoard {
	id: string;
	name: string;
	/** ms since epoch */
	lastOpened: number;
	/**
	 * The room key (link fragment), so the start page can reopen the board. It sits next to the
	 * board's own plaintext copy in this origin's storage, so keeping it here reveals nothing more.
	 */
	key?: string;
}

const STORAGE_KEY = 'whiteboard:recent-boards';
const MAX_ENTRIES = 50;

function isRecentBoard(value: unknown): value is RecentBoard {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	return (
		typeof v.id === 'string' &&
		typeof v.name === 'string' &&
		typeof v.lastOpened === 'number' &&
		Number.isFinite(v.lastOpened) &&
		(v.key === undefined || typeof v.key === 'string')
	);
}

export class RecentBoards {
	readonly #storage: Pick<Storage, 'getItem' | 'setItem'>;

	constructor(storage: Pick<Storage, 'getItem' | 'setItem'>) {
		this.#storage = storage;
	}

	/** Newest first. A corrupt entry (edited by hand, older version) is skipped, not fatal. */
	list(): RecentBoard[] {
		let parsed: unknown;
		try {
			parsed = JSON.parse(this.#storage.getItem(STORAGE_KEY) ?? '[]');
		} catch {
			return [];
		}
		if (!Array.isArray(parsed)) return [];
		return parsed.filter(isRecentBoard).sort((a, b) => b.lastOpened - a.lastOpened);
	}

	/**
	 * Records that a board was opened now (or renamed); keeps the newest MAX_ENTRIES. Without a
	 * `key`, a key already recorded for the board is kept.
	 */
	touch(id: string, name: string, now = Date.now(), key?: string): void {
		const boards = this.list();
		const known = key ?? boards.find((b) => b.id === id)?.key;
		const rest = boards.filter((b) => b.id !== id);
		this.#write([{ id, name, lastOpened: now, ...(known != null && { key: known }) }, ...rest]);
	}

	/** Updates the name of a known board without changing when it was opened. */
	rename(id: string, name: string): void {
		const boards = this.list();
		const board = boards.find((b) => b.id === id);
		if (board == null || board.name === name) return;
		board.name = name;
		this.#write(boards);
	}

	remove(id: string): void {
		this.#write(this.list().filter((b) => b.id !== id));
	}

	#write(boards: RecentBoard[]): void {
		try {
			this.#storage.setItem(STORAGE_KEY, JSON.stringify(boards.slice(0, MAX_ENTRIES)));
		} catch {
			// Storage full or disabled (private mode): the list is a convenience, the board is safe.
		}
	}
}
