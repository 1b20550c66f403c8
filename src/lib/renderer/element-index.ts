/**
 * Spatial index of element paint bounds (an R-tree), kept in step with the board change by change,
 * so a frame only visits the elements it can see. Results come back in stacking order.
 */
import RBush from 'rbush';
import type { Rect } from '$lib/geometry/rect';
import { compareStackKeys, type StackKey } from './redraw-plan';

export interface IndexedElement extends Rect, StackKey {}

/** From this many elements on, setMany bulk-loads them (fewer are inserted one by one). */
const BULK_MIN = 32;

export class ElementIndex {
	readonly #tree = new RBush<IndexedElement>();
	readonly #items = new Map<string, IndexedElement>();
	/** Highest element; undefined = unknown (its holder was removed), found again on demand. */
	#topItem: IndexedElement | null | undefined = null;

	get size(): number {
		return this.#items.size;
	}

	/** Replace everything (bulk loading builds a better tree than inserting one by one). */
	reset(entries: Iterable<IndexedElement>): void {
		this.#tree.clear();
		this.#items.clear();
		const all: IndexedElement[] = [];
		for (const e of entries) {
			const item = { ...e };
			this.#items.set(item.id, item);
			all.push(item);
		}
		this.#tree.load(all);
		this.#topItem = undefined;
	}

	get(id: string): IndexedElement | undefined {
		return this.#items.get(id);
	}

	/** Insert or move one element. */
	set(id: string, z: number, bounds: Rect): void {
		this.#tree.insert(this.#place(id, z, bounds));
	}

	/**
	 * Insert or move many elements at once (a board read from a peer or the relay): bulk loading
	 * them is several times faster than inserting them one by one.
	 */
	setMany(entries: readonly IndexedElement[]): void {
		if (entries.length < BULK_MIN) {
			for (const e of entries) this.set(e.id, e.z, e);
			return;
		}
		this.#tree.load(entries.map((e) => this.#place(e.id, e.z, e)));
	}

	/** Records an element (not in the tree yet), replacing what was there. */
	#place(id: string, z: number, bounds: Rect): IndexedElement {
		this.delete(id);
		const item = {
			id,
			z,
			minX: bounds.minX,
			minY: bounds.minY,
			maxX: bounds.maxX,
			maxY: bounds.maxY
		};
		this.#items.set(id, item);
		if (
			this.#topItem !== undefined &&
			(this.#topItem === null || compareStackKeys(item, this.#topItem) > 0)
		) {
			this.#topItem = item;
		}
		return item;
	}

	delete(id: string): void {
		const old = this.#items.get(id);
		if (old === undefined) return;
		this.#tree.remove(old);
		this.#items.delete(id);
		if (this.#topItem === old) this.#topItem = undefined;
	}

	/** The highest element in stacking order, or null when empty. */
	top(): StackKey | null {
		if (this.#topItem === undefined) {
			let top: IndexedElement | null = null;
			for (const item of this.#items.values()) {
				if (top === null || compareStackKeys(item, top) > 0) top = item;
			}
			this.#topItem = top;
		}
		return this.#topItem === null ? null : { id: this.#topItem.id, z: this.#topItem.z };
	}

	/** Elements whose bounds touch `rect`, bottom first. */
	query(rect: Rect): IndexedElement[] {
		return this.#tree.search(rect).sort(compareStackKeys);
	}

	/** Elements whose bounds touch `rect`, in no particular order. */
	search(rect: Rect): IndexedElement[] {
		return this.#tree.search(rect);
	}

	count(rect: Rect): number {
		return this.#tree.search(rect).length;
	}

	/** The box around every element, or null when empty. */
	extent(): Rect | null {
		if (this.#items.size === 0) return null;
		const root = this.#tree.toJSON() as Rect;
		return { minX: root.minX, minY: root.minY, maxX: root.maxX, maxY: root.maxY };
	}

	/** Whether any element touches `rect`. */
	any(rect: Rect): boolean {
		return this.#tree.collides(rect);
	}
}
