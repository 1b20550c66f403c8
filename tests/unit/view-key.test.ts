/**
 * View-only links: the view key reads everything and writes nothing, and what it sends in the
 * writer's place is refused (gossip) or not applied (sync state).
 */
import { streamPair } from '@libp2p/utils';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ED25519_SIGNATURE_BYTES } from '../../src/lib/crypto/room-signer.ts';
import {
	linkAccess,
	parseViewKey,
	RoomKey,
	VIEW_KEY_LENGTH
} from '../../src/lib/crypto/room-key.ts';
import { gossipAad, RoomCipher, SignatureError } from '../../src/lib/sync/room-cipher.ts';
import {
	encodeRoomMessage,
	ROOM_MESSAGE_AWARENESS,
	ROOM_MESSAGE_DOC_UPDATE
} from '../../src/lib/sync/room-messages.ts';
import { runSyncExchange } from '../../src/lib/sync/sync-exchange.ts';

const TOPIC = 'whiteboard/room/view-test';
const edit = await RoomKey.fromBytes(new Uint8Array(32).fill(9));
const view = await RoomKey.fromFragment(edit.viewFragment());

describe('view keys', () => {
	it("come from an edit key's view fragment: same room, same topic, no signer", async () => {
		const fragment = edit.viewFragment();
		expect(fragment).toHaveLength(VIEW_KEY_LENGTH);
		expect(linkAccess(fragment)).toBe('view');
		expect(linkAccess(`#${fragment}`)).toBe('view');
		expect(linkAccess('x'.repeat(43))).toBeNull();
		expect(parseViewKey(fragment.slice(0, -1))).toBeNull();
		expect(view.topicId).toBe(edit.topicId);
		expect(view.canWrite).toBe(false);
		expect(edit.canWrite).toBe(true);
		// A view key's own view fragment is itself.
		expect(view.viewFragment()).toBe(fragment);
		// It opens what the edit key sealed, with every cipher.
		for (const name of ['gossip', 'sync', 'store'] as const) {
			const sealed = await edit[name].seal(Uint8Array.of(1, 2, 3), Uint8Array.of(7));
			expect(await view[name].open(sealed, Uint8Array.of(7))).toEqual(Uint8Array.of(1, 2, 3));
		}
	});

	it('may send presence unsigned on the room topic, and nothing else', async () => {
		const viewer = new RoomCipher(TOPIC, view.gossip, view);
		const writer = new RoomCipher(TOPIC, edit.gossip, edit);
		const presence = { type: ROOM_MESSAGE_AWARENESS, payload: Uint8Array.of(0) };
		expect(await writer.open(await viewer.seal(presence))).toEqual(presence);
		const update = { type: ROOM_MESSAGE_DOC_UPDATE, payload: Uint8Array.of(0, 0) };
		await expect(viewer.seal(update)).rejects.toBeInstanceOf(SignatureError);
		// Forged by hand: a document update under the right cipher, with no valid signature.
		const envelope = await view.gossip.seal(encodeRoomMessage(update), gossipAad(TOPIC));
		for (const signature of [
			new Uint8Array(ED25519_SIGNATURE_BYTES),
			crypto.getRandomValues(new Uint8Array(ED25519_SIGNATURE_BYTES))
		]) {
			const forged = new Uint8Array([...envelope, ...signature]);
			await expect(writer.open(forged)).rejects.toBeInstanceOf(SignatureError);
			await expect(viewer.open(forged)).rejects.toBeInstanceOf(SignatureError);
		}
		// The writer's update opens for the viewer.
		expect(await viewer.open(await writer.seal(update))).toEqual(update);
	});

	it("gets the writer's board through the sync stream; the writer keeps none of the viewer's", async () => {
		const writerDoc = new Y.Doc();
		writerDoc.getMap('elements').set('a', 'from the writer');
		const viewerDoc = new Y.Doc();
		viewerDoc.getMap('elements').set('b', 'forged by the viewer');
		const [outbound, inbound] = await streamPair();
		const [atWriter, atViewer] = await Promise.all([
			runSyncExchange(writerDoc, outbound, { cipher: edit.sync, writeKey: edit, initiator: true }),
			runSyncExchange(viewerDoc, inbound, { cipher: view.sync, writeKey: view, initiator: false })
		]);
		expect(viewerDoc.getMap('elements').get('a')).toBe('from the writer');
		expect(writerDoc.getMap('elements').has('b')).toBe(false);
		expect(atWriter.unsignedBytes).toBeGreaterThan(0);
		expect(atViewer.unsignedBytes).toBe(0);
		expect(atViewer.receivedBytes).toBeGreaterThan(0);
	});
});
