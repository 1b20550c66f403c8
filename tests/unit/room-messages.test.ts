import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeAwarenessEntries } from '../../src/lib/presence/awareness-codec.ts';
import {
	decodeRoomMessage,
	encodeRoomMessage,
	ROOM_MESSAGE_AWARENESS,
	ROOM_MESSAGE_DOC_UPDATE,
	RoomMessageError
} from '../../src/lib/sync/room-messages.ts';

const VALID_STATE = { user: { name: 'Alice', color: '#1e66f5' }, cursor: { x: 10, y: -4.5 } };

function awarenessUpdate(state: object | null): Uint8Array {
	const awareness = new Awareness(new Y.Doc());
	awareness.setLocalState(state);
	const update = encodeAwarenessUpdate(awareness, [awareness.clientID]);
	awareness.destroy();
	return update;
}

/** A type-1 message around a hand-made awareness update of one entry with this JSON text. */
function awarenessMessageWithJson(json: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, 42);
	encoding.writeVarUint(encoder, 3);
	encoding.writeVarString(encoder, json);
	return encodeRoomMessage({
		type: ROOM_MESSAGE_AWARENESS,
		update: encoding.toUint8Array(encoder)
	});
}

function withType(type: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

describe('room messages', () => {
	it('round-trips a document update (type 0)', () => {
		const doc = new Y.Doc();
		doc.getMap('elements').set('a', 1);
		const update = Y.encodeStateAsUpdate(doc);
		const bytes = encodeRoomMessage({ type: ROOM_MESSAGE_DOC_UPDATE, update });
		expect(bytes[0]).toBe(0);
		expect(decodeRoomMessage(bytes)).toEqual({ type: ROOM_MESSAGE_DOC_UPDATE, update });
	});

	it('round-trips an awareness update (type 1), and a goodbye (null state)', () => {
		for (const state of [VALID_STATE, { ...VALID_STATE, cursor: null }, null]) {
			const update = awarenessUpdate(state);
			const bytes = encodeRoomMessage({ type: ROOM_MESSAGE_AWARENESS, update });
			expect(bytes[0]).toBe(1);
			expect(decodeRoomMessage(bytes)).toEqual({ type: ROOM_MESSAGE_AWARENESS, update });
		}
	});

	it('accepts unknown extra fields in a presence state (newer peers may add some)', () => {
		const json = JSON.stringify({ ...VALID_STATE, status: 'typing' });
		expect(decodeRoomMessage(awarenessMessageWithJson(json)).type).toBe(1);
	});

	it('rejects unknown types, trailing bytes and truncated payloads', () => {
		const update = awarenessUpdate(VALID_STATE);
		const good = encodeRoomMessage({ type: ROOM_MESSAGE_AWARENESS, update });
		const bad = [
			withType(2, update),
			new Uint8Array([...good, 0]),
			good.subarray(0, good.length - 1),
			new Uint8Array([1]),
			new Uint8Array()
		];
		for (const bytes of bad) expect(() => decodeRoomMessage(bytes)).toThrow(RoomMessageError);
	});

	it('rejects a malformed awareness update inside a well-framed message', () => {
		const update = awarenessUpdate(VALID_STATE);
		const bad = [
			withType(1, update.subarray(0, update.length - 2)), // truncated state
			withType(1, new Uint8Array([...update, 7])), // trailing bytes inside the update
			awarenessMessageWithJson('{"user":'), // not JSON
			awarenessMessageWithJson('x'.repeat(9000)), // state text too long
			withType(1, new Uint8Array([200, 1])) // claims 200 entries
		];
		for (const bytes of bad) expect(() => decodeRoomMessage(bytes)).toThrow(RoomMessageError);
	});

	it('rejects an awareness update carrying an invalid presence state', () => {
		const invalid = [
			{},
			{ user: { name: 'x'.repeat(65), color: '#fff' }, cursor: null },
			{ user: { name: '', color: '#fff' }, cursor: null },
			{ user: { name: 'Eve', color: 'red' }, cursor: null },
			{ user: { name: 'Eve', color: '#fff;background:url(x)' }, cursor: null },
			{ user: { name: 'Eve', color: '#fff' }, cursor: { x: '1', y: 2 } },
			{ user: { name: 'Eve', color: '#fff' } }
		];
		for (const state of invalid) {
			const bytes = awarenessMessageWithJson(JSON.stringify(state));
			expect(() => decodeRoomMessage(bytes), JSON.stringify(state)).toThrow(RoomMessageError);
		}
		// JSON has no Infinity, but 1e400 parses to it.
		const infinite = '{"user":{"name":"Eve","color":"#fff"},"cursor":{"x":1e400,"y":0}}';
		expect(() => decodeRoomMessage(awarenessMessageWithJson(infinite))).toThrow(/invalid/);
	});

	it('encodes entries that y-protocols reads back', () => {
		const update = encodeAwarenessEntries([{ clientId: 42, clock: 3, state: VALID_STATE }]);
		expect(decodeRoomMessage(withType(1, update)).update).toEqual(update);
		const awareness = new Awareness(new Y.Doc());
		applyAwarenessUpdate(awareness, update, 'test');
		expect(awareness.getStates().get(42)).toEqual(VALID_STATE);
		expect(awareness.meta.get(42)?.clock).toBe(3);
		awareness.destroy();
	});
});
