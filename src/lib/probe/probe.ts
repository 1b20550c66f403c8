/**
 * Performance probe: records when things happen to one page's board (remote elements arriving,
 * frames painted, the first direct link to a peer) and draws benchmark strokes on command.
 * `npm run bench` drives it through `globalThis.whiteboardProbe` in our app (opened with `?probe`)
 * and in the y-webrtc / y-websocket baseline pages alike, so every system is measured the same way.
 *
 * Times are epoch milliseconds with sub-millisecond precision (performance.timeOrigin + now()),
 * comparable between pages of one machine.
 */
import * as Y from 'yjs';
import type { Board } from '$lib/board/board';
import type { BoardElement } from '$lib/board/elements';
import { LOCAL_ORIGIN } from '$lib/board/local-origin';
import { DraftTiming, type DraftFrame, type PointerStroke } from './draft-timing';
import { sceneStrokes } from './strokes';
import { Moments } from './moments';
import { Waiters } from './waiters';

/** Frames kept for paint lookups; a benchmark phase paints far fewer. */
const MAX_FRAMES = 50_000;

export interface StrokeRun {
	count: number;
	points: number;
	/** Pause between two strokes (a person draws a few strokes per second). */
	intervalMs: number;
	seed: number;
}

export interface DrawnStroke {
	id: string;
	/** When the stroke was committed to the local board (just before the write). */
	at: number;
}

export interface PaintedFrame {
	at: number;
	/** Elements on the board when the frame was painted. */
	elements: number;
	/** The canvas shows every element exactly (no preview, no pending slices). */
	complete: boolean;
}

/** What the page recorded before the probe loaded (app/early-record.ts); the probe ends it. */
export interface EarlyHistory {
	/** [time, element count] each time the count grew. */
	readonly growth: readonly [number, number][];
	readonly frames: readonly PaintedFrame[];
	stop(): void;
}

export const now = (): number => performance.timeOrigin + performance.now();

export class BoardProbe {
	readonly #doc: Y.Doc;
	readonly #board: Board;
	/** True while loadStrokes writes: that update is not one of the measured edits. */
	#loading = false;
	readonly #arrivals = new Map<string, number>();
	/** When the document integrated the remote change being observed, before its observers ran. */
	#integratedAt: number | null = null;
	/** [time, element count] each time the count grew. */
	readonly #growth: [number, number][] = [];
	readonly #frames: PaintedFrame[] = [];
	readonly #localUpdateBytes: number[] = [];
	readonly #waiters = new Waiters();
	readonly #drafts = new DraftTiming(now);
	readonly #unsubscribe: () => void;
	#unwatchPointer: () => void = () => {};
	#linkedAt: number | null = null;
	#countLinks: () => number = () => (this.#linkedAt === null ? 0 : 1);
	readonly #moments = new Moments();

	/**
	 * `doc` is the board's document, read only (state vector, update sizes); `early`, what the
	 * page showed before the probe loaded.
	 */
	constructor(doc: Y.Doc, board: Board, early?: EarlyHistory) {
		this.#doc = doc;
		this.#board = board;
		if (early !== undefined) {
			early.stop();
			this.#growth.push(...early.growth);
			this.#frames.push(...early.frames);
		}
		// A remote change arrives when Yjs has integrated it, before any observer runs: the moment
		// does not depend on which of the page's listeners (renderer, UI, this one) Yjs calls first.
		doc.on('beforeObserverCalls', this.#onBeforeObservers);
		this.#unsubscribe = board.onChange((change, source) => {
			const at = source === 'remote' ? (this.#integratedAt ?? now()) : now();
			if (source === 'remote') {
				for (const id of change.added) if (!this.#arrivals.has(id)) this.#arrivals.set(id, at);
			} else if (source === 'local') {
				for (const id of change.added) this.#drafts.committed(id);
			}
			const count = board.elementCount;
			const last = this.#growth.at(-1);
			if (last === undefined || count > last[1]) this.#growth.push([at, count]);
			this.#wake();
		});
	}

	readonly timeOrigin = performance.timeOrigin;

	now(): number {
		return now();
	}

	get linkedAt(): number | null {
		return this.#linkedAt;
	}

	get elementCount(): number {
		return this.#board.elementCount;
	}

	/** The first direct data link to another peer (WebRTC, or the server for a hub). */
	markLinked(at = now()): void {
		if (this.#linkedAt !== null) return;
		this.#linkedAt = at;
		this.#wake();
	}

	/** Records the first time `name` happened (later calls for the same name are ignored). */
	mark(name: string, at = now()): void {
		this.#moments.mark(name, at);
	}

	/** Every named moment so far (moments.ts), as epoch milliseconds. */
	marks(): Record<string, number> {
		return this.#moments.all();
	}

	/** Called by the renderer after each painted frame, with the other peers' drafts it showed. */
	framePainted(complete: boolean, remoteDrafts: readonly BoardElement[] = []): void {
		if (this.#frames.length >= MAX_FRAMES) this.#frames.splice(0, MAX_FRAMES / 2);
		const at = now();
		this.#frames.push({ at, elements: this.#board.elementCount, complete });
		this.#drafts.framePainted(at, remoteDrafts);
		this.#wake();
	}

	/** Times this page's own strokes from its pointer events (see DraftTiming). */
	watchPointer(target: EventTarget): void {
		this.#unwatchPointer();
		this.#unwatchPointer = this.#drafts.watchPointer(target);
	}

	/** This page's strokes drawn with the pointer: each move's time and point count, the id. */
	pointerStrokes(): PointerStroke[] {
		return this.#drafts.strokes();
	}

	/** Frames that showed another peer's draft, with its id and point count. */
	draftFrames(): DraftFrame[] {
		return this.#drafts.frames();
	}

	/** Draws `count` pen strokes one after another, each in its own transaction. */
	async drawStrokes(run: StrokeRun): Promise<DrawnStroke[]> {
		const drawn: DrawnStroke[] = [];
		const strokes = sceneStrokes({ ...run, width: 1000, height: 700 });
		for (const stroke of strokes) {
			if (drawn.length > 0 && run.intervalMs > 0) await sleep(run.intervalMs);
			const at = now();
			drawn.push({ id: this.#board.add(stroke), at });
		}
		return drawn;
	}

	/**
	 * Puts `count` strokes on the board in one transaction of the Board, as a board drawn before
	 * anyone else came: the network layer sends it however it sends a large local change (ours:
	 * over the sync stream, since it is too large for gossip). Returns the update's size.
	 */
	loadStrokes(run: Omit<StrokeRun, 'intervalMs'>): number {
		let bytes = 0;
		const measure = (update: Uint8Array): void => {
			bytes += update.byteLength;
		};
		const strokes = sceneStrokes({ ...run, width: 20_000, height: 14_000 });
		this.#doc.on('update', measure);
		this.#loading = true;
		try {
			this.#board.batch(() => {
				for (const stroke of strokes) this.#board.add(stroke);
			});
		} finally {
			this.#loading = false;
			this.#doc.off('update', measure);
		}
		return bytes;
	}

	/** When each element first arrived from a peer (null: not yet). */
	arrivals(ids: readonly string[]): (number | null)[] {
		return ids.map((id) => this.#arrivals.get(id) ?? null);
	}

	/** For each time, the first complete frame painted at or after it (null: none yet). */
	paintedAfter(times: readonly (number | null)[]): (number | null)[] {
		return times.map((t) => {
			if (t === null) return null;
			return this.#frames.find((f) => f.complete && f.at >= t)?.at ?? null;
		});
	}

	/** When the board first held at least `count` elements (null: not yet). */
	countReachedAt(count: number): number | null {
		return this.#growth.find(([, n]) => n >= count)?.[0] ?? null;
	}

	/** When a complete frame first showed at least `count` elements (null: not yet). */
	paintedCountAt(count: number): number | null {
		return this.#frames.find((f) => f.complete && f.elements >= count)?.at ?? null;
	}

	/** Resolves with `read()` once it is not null; rejects after `timeoutMs`. */
	waitFor<T>(read: () => T | null, timeoutMs: number): Promise<T> {
		return this.#waiters.waitFor(read, timeoutMs);
	}

	waitLinked(timeoutMs: number): Promise<number> {
		return this.waitFor(() => this.#linkedAt, timeoutMs);
	}

	/** How the page counts its direct data links (ours: live links; y-webrtc: connected peers). */
	countLinksWith(count: () => number): void {
		this.#countLinks = count;
	}

	/**
	 * When this page first had `count` direct data links. Checked every 20 ms: each system tells
	 * of its links its own way, and this only has to tell a room's mesh complete.
	 */
	waitForLinks(count: number, timeoutMs: number): Promise<number> {
		const timer = setInterval(() => this.#wake(), 20);
		const done = this.waitFor(() => (this.#countLinks() >= count ? now() : null), timeoutMs);
		return done.finally(() => clearInterval(timer));
	}

	waitForCount(count: number, timeoutMs: number): Promise<number> {
		return this.waitFor(() => this.countReachedAt(count), timeoutMs);
	}

	waitForPaintedCount(count: number, timeoutMs: number): Promise<number> {
		const painted = this.paintedCountAt(count);
		if (painted !== null) return Promise.resolve(painted);
		// From now on only the newest frame can be the first: no rescan of the history per frame.
		return this.waitFor(() => {
			const frame = this.#frames.at(-1);
			return frame?.complete === true && frame.elements >= count ? frame.at : null;
		}, timeoutMs);
	}

	/** Identical documents give identical digests: the state vector, sorted by client. */
	digest(): string {
		const vector = Y.decodeStateVector(Y.encodeStateVector(this.#doc));
		return [...vector.entries()]
			.sort(([a], [b]) => a - b)
			.map(([client, clock]) => `${client}:${clock}`)
			.join(',');
	}

	/** Sizes of this page's own Yjs updates since the last reset (the raw cost of each edit). */
	localUpdateBytes(): number[] {
		return [...this.#localUpdateBytes];
	}

	/** Counts afresh, and listens only from here on: any 'update' listener makes Yjs encode
	 * every transaction, a board read whole as the page loads among them. */
	resetLocalUpdates(): void {
		this.#localUpdateBytes.length = 0;
		this.#doc.off('update', this.#onUpdate);
		this.#doc.on('update', this.#onUpdate);
	}

	destroy(): void {
		this.#unsubscribe();
		this.#doc.off('beforeObserverCalls', this.#onBeforeObservers);
		this.#unwatchPointer();
		this.#doc.off('update', this.#onUpdate);
		this.#waiters.clear();
	}

	#onBeforeObservers = (transaction: Y.Transaction): void => {
		this.#integratedAt = transaction.local ? null : now();
	};

	#onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (this.#loading) return;
		if (origin === LOCAL_ORIGIN) this.#localUpdateBytes.push(update.byteLength);
	};

	#wake(): void {
		this.#waiters.wake();
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

declare global {
	/** Set by pages opened for a benchmark; read by bench/ through Playwright. */
	var whiteboardProbe: BoardProbe | undefined;
}

export function exposeProbe(probe: BoardProbe): void {
	globalThis.whiteboardProbe = probe;
}
