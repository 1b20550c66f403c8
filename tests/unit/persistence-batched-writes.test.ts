import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { BatchedWrites } from '../../src/lib/persistence/batched-writes';

const REMOTE = Symbol('remote');
let doc: Y.Doc;
let written: Uint8Array[];
let writes: BatchedWrites;
/** y-indexeddb's handler, as it registers it on the doc. */
let storeUpdate: (update: Uint8Array, origin: unknown) => void;

beforeEach(() => {
	vi.useFakeTimers();
	doc = new Y.Doc();
	written = [];
	storeUpdate = (update) => written.push(update);
	doc.on('update', storeUpdate);
	writes = new BatchedWrites(doc, { _storeUpdate: storeUpdate }, (o) => o === REMOTE, 500);
});

afterEach(() => {
	vi.useRealTimers();
});

/** A peer's change, applied to `doc` as the network applies it. */
function fromPeer(key: string, value: string): void {
	const peer = new Y.Doc();
	peer.getMap('m').set(key, value);
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer), REMOTE);
}

/** The document the writes add up to, read back as the next visit would. */
function stored(): Record<string, unknown> {
	const copy = new Y.Doc();
	for (const update of written) Y.applyUpdate(copy, update);
	return copy.getMap('m').toJSON();
}

it('writes peers’ updates merged after the delay, once, and loses none', () => {
	fromPeer('a', '1');
	fromPeer('b', '2');
	fromPeer('c', '3');
	expect(written).toHaveLength(0);
	vi.advanceTimersByTime(499);
	expect(written).toHaveLength(0);
	vi.advanceTimersByTime(1);
	expect(written).toHaveLength(1);
	expect(stored()).toEqual({ a: '1', b: '2', c: '3' });
	vi.advanceTimersByTime(5_000);
	expect(written).toHaveLength(1);
});

it('writes a local update at once, after what was pending', () => {
	fromPeer('a', '1');
	doc.getMap('m').set('mine', 'x');
	expect(written).toHaveLength(2);
	expect(stored()).toEqual({ a: '1', mine: 'x' });
});

it('writes what is pending when stopped, and nothing afterwards', () => {
	fromPeer('a', '1');
	writes.stop();
	expect(stored()).toEqual({ a: '1' });
	doc.getMap('m').set('later', 'y');
	fromPeer('b', '2');
	vi.advanceTimersByTime(1_000);
	expect(written).toHaveLength(1);
});

it('writes a large burst piece by piece instead of merging it', () => {
	const big = 'x'.repeat(40 * 1024);
	fromPeer('a', big);
	fromPeer('b', big);
	vi.advanceTimersByTime(500);
	expect(written).toHaveLength(2);
	expect(Object.keys(stored())).toEqual(['a', 'b']);
});
