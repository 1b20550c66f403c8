/**
 * Paths built once per element and reused on every frame. Paths are in the element's local
 * coordinates, so a move (only x/y change, the common edit) keeps them: drawing just translates.
 */
import type { BoardElement } from '$lib/board/elements';
import { packedPoints } from '$lib/board/schema';
import type { TextMeasure } from '$lib/geometry/element-bounds';
import { elementOps, type DrawOp } from './element-drawing';
import type { PathSink } from './path-sink';

export interface RenderedElement<P = Path2D> {
	/** The board's object this was built from; another object means the element changed. */
	source: BoardElement;
	ops: DrawOp<P>[];
}

/** True if a and b draw the same local geometry (they may differ in x, y and z). */
export function sameLocalShape(a: BoardElement, b: BoardElement): boolean {
	if (a.type !== b.type || a.color !== b.color || a.width !== b.width) return false;
	switch (a.type) {
		case 'pen':
		case 'highlighter': {
			if (b.type !== a.type) return false;
			// Read from the document: compare the stored bytes, decoding neither (a move keeps them).
			const pa = packedPoints(a)?.bytes;
			const pb = packedPoints(b)?.bytes;
			if (pa !== undefined && pb !== undefined) return pa === pb || sameBytes(pa, pb);
			if (a.points === b.points) return true;
			if (a.points.length !== b.points.length) return false;
			for (let i = 0; i < a.points.length; i++) {
				const p = a.points[i];
				const q = b.points[i];
				if (p?.x !== q?.x || p?.y !== q?.y || p?.pressure !== q?.pressure) return false;
			}
			return true;
		}
		case 'line':
		case 'arrow':
			return b.type === a.type && a.dx === b.dx && a.dy === b.dy;
		case 'rectangle':
		case 'ellipse':
			return b.type === a.type && a.w === b.w && a.h === b.h && a.fill === b.fill;
		case 'text':
			return b.type === 'text' && a.text === b.text && a.fontSize === b.fontSize;
		case 'note':
			return b.type === 'note' && a.w === b.w && a.h === b.h && a.text === b.text;
		case 'image':
			return b.type === 'image' && a.w === b.w && a.h === b.h && a.blob === b.blob;
	}
}

export class ElementRenderCache<P extends PathSink = Path2D> {
	readonly #entries = new Map<string, RenderedElement<P>>();
	/** How many elements had their paths built (for tests and the benchmark). */
	#builds = 0;
	readonly #newPath: () => P;
	readonly #measure: TextMeasure;

	constructor(newPath: () => P, measure: TextMeasure) {
		this.#newPath = newPath;
		this.#measure = measure;
	}

	get builds(): number {
		return this.#builds;
	}

	get size(): number {
		return this.#entries.size;
	}

	/** The element's paths, built if missing or if its shape changed. */
	get(el: BoardElement): RenderedElement<P> {
		const cached = this.#entries.get(el.id);
		if (cached?.source === el) return cached;
		const ops = cached && sameLocalShape(cached.source, el) ? cached.ops : this.#build(el);
		const entry = { source: el, ops };
		this.#entries.set(el.id, entry);
		return entry;
	}

	has(id: string): boolean {
		return this.#entries.has(id);
	}

	delete(id: string): void {
		this.#entries.delete(id);
	}

	clear(): void {
		this.#entries.clear();
	}

	/** Drops every entry but those of `elements` (a small set shown now, e.g. peers' drafts). */
	keepOnly(elements: readonly BoardElement[]): void {
		if (this.#entries.size === 0) return;
		const shown = new Set(elements.map((el) => el.id));
		for (const id of this.#entries.keys()) if (!shown.has(id)) this.#entries.delete(id);
	}

	#build(el: BoardElement): DrawOp<P>[] {
		this.#builds++;
		return elementOps(el, this.#newPath, this.#measure);
	}
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}
