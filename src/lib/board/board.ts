/**
 * The board model: the only code that writes the Y.Doc. Everything else reads validated elements
 * from here and subscribes to changes. Framework-free on purpose (no Svelte, no networking).
 *
 * Every write is one `doc.transact(fn, LOCAL_ORIGIN)`; `batch` nests writes into one transaction,
 * which is also one undo step. Reads come from a cache that each transaction updates for the
 * elements it touched only.
 */
import { BoardBlobs } from './blobs';
import * as Y from 'yjs';
import { BoardName, META_KEY } from './board-name';
import { isElementId, newElementId } from './element-id';
import type { BoardChange, BoardElement, ElementInput, ElementPatch } from './elements';
import { clamp, MAX_ABS_COORD, MAX_Z } from './limits';
import { LOCAL_ORIGIN } from './local-origin';
import { ELEMENTS_KEY, parseElement, readFields } from './schema';
import { storedFields, storedPatch } from './stored';
import { BoardHistory, type BoardHistoryOptions } from './undo';

export { ELEMENTS_KEY } from './schema';
export type { BoardChange, BoardElement, ElementInput, ElementPatch } from './elements';

/** Who made a change: this peer's edit, this peer's undo/redo, or another peer. */
export type ChangeSource = 'local' | 'history' | 'remote';
export type ChangeListener = (change: BoardChange, source: ChangeSource) => void;

export const DEFAULT_DUPLICATE_OFFSET: Readonly<{ dx: number; dy: number }> = { dx: 16, dy: 16 };

const byZThenId = (a: BoardElement, b: BoardElement): number =>
	a.z - b.z || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const clampCoord = (value: number): number => clamp(value, -MAX_ABS_COORD, MAX_ABS_COORD);

export class Board {
	readonly doc: Y.Doc;
	/** The board's title, shared through the document (written in this Board's transactions). */
	readonly name: BoardName;
	readonly #map: Y.Map<unknown>;
	/** Image bytes by hash (blobs.ts). */
	readonly blobs: BoardBlobs;
	readonly #history: BoardHistory;
	/** Parsed once per change: decoding every frame would be wasted work. */
	readonly #valid = new Map<string, BoardElement>();
	readonly #invalid = new Set<string>();
	/** Valid elements in z-order; null when it must be rebuilt. */
	#sorted: readonly BoardElement[] | null = null;
	/** Highest z seen or written (also inside a running batch, before observers have run). */
	#maxZ = 0;
	readonly #listeners = new Set<ChangeListener>();
	readonly #observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) =>
		this.#apply(events, tr);

	constructor(doc: Y.Doc, options: BoardHistoryOptions = {}) {
		this.doc = doc;
		this.#map = doc.getMap(ELEMENTS_KEY);
		this.blobs = new BoardBlobs(doc);
		for (const [id, value] of this.#map) this.#ingest(id, value);
		this.#map.observeDeep(this.#observer);
		this.#history = new BoardHistory(this.#map, options);
		this.name = new BoardName(doc.getMap(META_KEY), (write) => this.#transact(write));
	}

	/** Valid elements in z-order (bottom first). Cached and shared: do not mutate. */
	elements(): readonly BoardElement[] {
		this.#sorted ??= [...this.#valid.values()].sort(byZThenId);
		return this.#sorted;
	}

	get(id: string): BoardElement | undefined {
		return this.#valid.get(id);
	}

	get elementCount(): number {
		return this.#valid.size;
	}

	/** Elements present in the doc but skipped because they failed validation. */
	get invalidCount(): number {
		return this.#invalid.size;
	}

	/**
	 * Adds an element on top of all others; returns its id: a new one, or `id` when given (a tool
	 * that showed peers a draft under that id). Throws RangeError if the element or the id is
	 * invalid, or the id is taken.
	 */
	add(input: ElementInput, id = newElementId()): string {
		if (!isElementId(id) || this.#map.has(id)) throw new RangeError(`unusable element id ${id}`);
		const fields = storedFields({ ...input, z: this.#nextZ(), createdAt: Date.now() });
		this.#transact(() => this.#map.set(id, new Y.Map(fields)));
		return id;
	}

	/**
	 * Adds an image element and, if the board lacks it, its blob (`input.blob` is the bytes'
	 * hash, blobs.ts), in one transaction. Throws RangeError as add() does, or for oversized bytes.
	 */
	addImage(input: Extract<ElementInput, { type: 'image' }>, bytes: Uint8Array): string {
		let id = '';
		this.#transact(() => {
			this.blobs.put(input.blob, bytes);
			id = this.add(input);
		});
		return id;
	}

	/**
	 * Sets the given fields, writing only those that changed. Fields the element's type lacks are
	 * ignored; a missing id is a no-op (a peer may have deleted it). Throws RangeError if the
	 * result would be invalid.
	 */
	update(id: string, patch: ElementPatch): void {
		const map = this.#elementMap(id);
		if (map === null) return;
		const changes = storedPatch(readFields(map), patch);
		if (changes.size === 0) return;
		if (changes.has('z')) this.#maxZ = Math.max(this.#maxZ, changes.get('z') as number);
		this.#transact(() => {
			for (const [key, value] of changes) map.set(key, value);
		});
	}

	/** Moves elements by writing only their x and y (clamped to the board's limits). */
	moveBy(ids: readonly string[], dx: number, dy: number): void {
		if (!Number.isFinite(dx) || !Number.isFinite(dy) || (dx === 0 && dy === 0)) return;
		this.#transact(() => {
			for (const id of ids) {
				const map = this.#elementMap(id);
				const x = map?.get('x');
				const y = map?.get('y');
				if (map === null || typeof x !== 'number' || typeof y !== 'number') continue;
				map.set('x', clampCoord(x + dx));
				map.set('y', clampCoord(y + dy));
			}
		});
	}

	/** Deletes elements (any peer's, valid or not); unknown ids are ignored. */
	remove(ids: readonly string[]): void {
		const present = ids.filter((id) => this.#map.has(id));
		if (present.length === 0) return;
		this.#transact(() => {
			for (const id of present) this.#map.delete(id);
		});
	}

	/**
	 * Copies valid elements with new ids, moved by `offset`, stacked above everything in their
	 * original relative order. Returns the new ids in the order of `ids` (invalid ones skipped).
	 */
	duplicate(ids: readonly string[], offset = DEFAULT_DUPLICATE_OFFSET): string[] {
		const sources = [...new Set(ids)]
			.map((id) => parseElement(id, this.#map.get(id)))
			.filter((el): el is BoardElement => el !== null);
		const newZ = new Map<string, number>();
		for (const el of [...sources].sort(byZThenId)) newZ.set(el.id, this.#nextZ());
		const createdAt = Date.now();
		const copies = sources.map((el) => {
			const { id, ...rest } = el;
			const copy = {
				...rest,
				x: clampCoord(el.x + offset.dx),
				y: clampCoord(el.y + offset.dy),
				z: newZ.get(id) ?? this.#nextZ(),
				createdAt
			};
			return [newElementId(), storedFields(copy)] as const;
		});
		if (copies.length > 0) {
			this.#transact(() => {
				for (const [id, fields] of copies) this.#map.set(id, new Y.Map(fields));
			});
		}
		return copies.map(([id]) => id);
	}

	/** Removes every element (valid or not) in one transaction: one undo step. */
	clear(): void {
		if (this.#map.size === 0) return;
		this.#transact(() => {
			for (const id of [...this.#map.keys()]) this.#map.delete(id);
		});
	}

	/** Runs several writes as one transaction: peers see them at once, undo reverts them at once. */
	batch(fn: () => void): void {
		this.#transact(fn);
	}

	/**
	 * Called after every transaction that changed valid elements (local, undo/redo or remote).
	 * Also called, with three empty lists, when only `invalidCount` changed.
	 */
	onChange(callback: ChangeListener): () => void {
		this.#listeners.add(callback);
		return () => this.#listeners.delete(callback);
	}

	/** Reverts this peer's last step (never a peer's change); false if there was none. */
	undo(): boolean {
		return this.#history.undo();
	}

	redo(): boolean {
		return this.#history.redo();
	}

	get canUndo(): boolean {
		return this.#history.canUndo;
	}

	get canRedo(): boolean {
		return this.#history.canRedo;
	}

	/** See BoardHistory.beginGesture: writes until the returned call are one undo step. */
	beginGesture(): () => void {
		return this.#history.beginGesture();
	}

	/** Called whenever canUndo or canRedo may have changed. */
	onHistoryChange(callback: () => void): () => void {
		return this.#history.onChange(callback);
	}

	destroy(): void {
		this.#map.unobserveDeep(this.#observer);
		this.#history.destroy();
		this.#listeners.clear();
	}

	#transact(fn: () => void): void {
		this.doc.transact(fn, LOCAL_ORIGIN);
	}

	#nextZ(): number {
		this.#maxZ = Math.min(this.#maxZ + 1, MAX_Z);
		return this.#maxZ;
	}

	#elementMap(id: string): Y.Map<unknown> | null {
		const value = this.#map.get(id);
		return value instanceof Y.Map ? value : null;
	}

	/** Parses one value into the caches; returns whether it is a valid element. */
	#ingest(id: string, value: unknown): boolean {
		const element = parseElement(id, value);
		if (element === null) {
			this.#valid.delete(id);
			this.#invalid.add(id);
			return false;
		}
		this.#valid.set(id, element);
		this.#invalid.delete(id);
		this.#maxZ = Math.max(this.#maxZ, element.z);
		return true;
	}

	#apply(events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction): void {
		// Ids touched by this transaction: keys of the top-level map, or the element a nested
		// change happened in. Each is re-parsed once, whatever else the transaction did.
		const touched = new Set<string>();
		for (const event of events) {
			if (event.target === this.#map) {
				for (const key of event.keys.keys()) touched.add(key);
			} else {
				const id = event.path[0];
				if (typeof id === 'string') touched.add(id);
			}
		}
		const change: BoardChange = { added: [], removed: [], updated: [] };
		const invalidBefore = this.#invalid.size;
		let reorder = false;
		for (const id of touched) {
			const before = this.#valid.get(id);
			const value = this.#map.get(id);
			if (value === undefined) {
				this.#valid.delete(id);
				this.#invalid.delete(id);
				if (before) change.removed.push(id);
			} else if (this.#ingest(id, value)) {
				if (before === undefined) change.added.push(id);
				else change.updated.push(id);
				if (before === undefined || before.z !== this.#valid.get(id)?.z) reorder = true;
			} else if (before) {
				change.removed.push(id);
			}
		}
		const changed = change.added.length + change.removed.length + change.updated.length > 0;
		if (!changed && this.#invalid.size === invalidBefore) return;
		if (change.added.length > 0 || change.removed.length > 0 || reorder) this.#sorted = null;
		else if (changed && this.#sorted !== null) {
			// Same elements, same order: swap in the new objects without sorting again.
			this.#sorted = this.#sorted.map((el) => this.#valid.get(el.id) ?? el);
		}
		const source: ChangeSource =
			tr.origin === LOCAL_ORIGIN
				? 'local'
				: tr.origin === this.#history.origin
					? 'history'
					: 'remote';
		for (const listener of this.#listeners) {
			try {
				listener(change, source);
			} catch (error) {
				// One broken subscriber must not starve the others or break the Yjs transaction.
				console.error('Board change listener failed:', error);
			}
		}
	}
}
