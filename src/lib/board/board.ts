/**
 * The board model: the only code that writes the Y.Doc. Everything else reads validated strokes
 * from here and subscribes to changes. Framework-free on purpose (no Svelte, no networking).
 */
import * as Y from 'yjs';
import { newElementId } from './element-id';
import { LOCAL_ORIGIN } from './origin';
import { isValidColor, isValidWidth, MAX_Z, parseStroke, type StrokeRecord } from './schema';
import { encodePoints, MAX_POINTS } from './stroke-codec';
import type { BoardChange, Stroke, StrokeInput } from './types';

export type { BoardChange, Stroke, StrokeInput, StrokePoint } from './types';

export const ELEMENTS_KEY = 'elements';

type ChangeListener = (changed: BoardChange) => void;

const byZThenId = (a: Stroke, b: Stroke): number =>
	a.z - b.z || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class Board {
	readonly doc: Y.Doc;
	private readonly elements: Y.Map<unknown>;
	/** Parsed once per change: decoding every frame would be wasted work. */
	private readonly valid = new Map<string, Stroke>();
	private readonly invalid = new Set<string>();
	private sorted: Stroke[] | null = null;
	private maxZ = 0;
	private readonly listeners = new Set<ChangeListener>();
	private readonly observer = (event: Y.YMapEvent<unknown>) => this.applyEvent(event);

	constructor(doc: Y.Doc) {
		this.doc = doc;
		this.elements = doc.getMap(ELEMENTS_KEY);
		for (const [id, value] of this.elements) this.ingest(id, value);
		this.elements.observe(this.observer);
	}

	/** Commit one finished stroke in one transaction; returns its new id. */
	addStroke(input: StrokeInput): string {
		const { points, color, width } = input;
		if (points.length === 0 || points.length > MAX_POINTS) {
			throw new RangeError(`a stroke needs 1..${MAX_POINTS} points, got ${points.length}`);
		}
		if (!isValidColor(color)) throw new RangeError(`invalid stroke colour: ${color}`);
		if (!isValidWidth(width)) throw new RangeError(`invalid stroke width: ${width}`);
		const id = newElementId();
		const record: StrokeRecord = {
			type: 'stroke',
			color,
			width,
			points: encodePoints(points),
			z: Math.min(this.maxZ + 1, MAX_Z),
			createdAt: Date.now()
		};
		this.doc.transact(() => this.elements.set(id, record), LOCAL_ORIGIN);
		return id;
	}

	/** Delete an element (any peer's); returns false if there was none with this id. */
	removeStroke(id: string): boolean {
		if (!this.elements.has(id)) return false;
		this.doc.transact(() => this.elements.delete(id), LOCAL_ORIGIN);
		return true;
	}

	/** Valid strokes in z-order (bottom first). The array is shared: do not mutate it. */
	strokes(): Stroke[] {
		this.sorted ??= [...this.valid.values()].sort(byZThenId);
		return this.sorted;
	}

	getStroke(id: string): Stroke | undefined {
		return this.valid.get(id);
	}

	get strokeCount(): number {
		return this.valid.size;
	}

	/** Elements present in the doc but skipped because they failed validation. */
	get invalidCount(): number {
		return this.invalid.size;
	}

	/**
	 * Called after every transaction that changed valid strokes, local or remote. Also called,
	 * with three empty lists, when only `invalidCount` changed.
	 */
	onChange(callback: ChangeListener): () => void {
		this.listeners.add(callback);
		return () => this.listeners.delete(callback);
	}

	destroy(): void {
		this.elements.unobserve(this.observer);
		this.listeners.clear();
	}

	/** Parse one value into the caches; returns whether it is a valid stroke. */
	private ingest(id: string, value: unknown): boolean {
		const stroke = parseStroke(value, id);
		if (stroke === null) {
			this.valid.delete(id);
			this.invalid.add(id);
			return false;
		}
		this.valid.set(id, stroke);
		this.invalid.delete(id);
		this.maxZ = Math.max(this.maxZ, stroke.z);
		return true;
	}

	private applyEvent(event: Y.YMapEvent<unknown>): void {
		const changed: BoardChange = { added: [], removed: [], updated: [] };
		const invalidBefore = this.invalid.size;
		for (const [id, change] of event.changes.keys) {
			const wasValid = this.valid.has(id);
			if (change.action === 'delete') {
				this.valid.delete(id);
				this.invalid.delete(id);
				if (wasValid) changed.removed.push(id);
			} else if (this.ingest(id, this.elements.get(id))) {
				(wasValid ? changed.updated : changed.added).push(id);
			} else if (wasValid) {
				changed.removed.push(id);
			}
		}
		const validChanged = changed.added.length + changed.removed.length + changed.updated.length > 0;
		if (!validChanged && this.invalid.size === invalidBefore) return;
		if (validChanged) this.sorted = null;
		for (const listener of this.listeners) {
			try {
				listener(changed);
			} catch (error) {
				// One broken subscriber must not starve the others or break the Yjs transaction.
				console.error('Board change listener failed:', error);
			}
		}
	}
}
