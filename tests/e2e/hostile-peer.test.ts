import { randomBytes, createCipheriv } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
	drawStroke,
	expectDirectWebRTC,
	expectElementCount,
	hideDiagnostics,
	openRoom,
	peerIdOf,
	showDiagnostics,
	zigzag
} from './support/board-page.ts';
import { exportSvg } from './support/export.ts';
import { joinRoomFallback } from './support/observer.ts';
import { startRelay, tempKeyFile } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_HOSTILE_RELAY_PORT ?? 19097);
const RELAY_TCP_PORT = RELAY_PORT + 100;

/** A well-formed envelope (version 1, nonce, AES-GCM) sealed with a key that is not the room's. */
function sealedWithAnotherKey(plaintext: Uint8Array): Uint8Array {
	const nonce = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', randomBytes(32), nonce);
	const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
	return Buffer.concat([Buffer.from([1]), nonce, body]);
}

test('a hostile peer on the room topic changes nothing, is counted, and the room keeps working', async ({
	browser
}) => {
	const relay = await startRelay(RELAY_PORT, tempKeyFile(), { tcpPort: RELAY_TCP_PORT });
	const roomId = `hostile-${Date.now().toString(36)}`;
	// Worst case: the attacker knows the topic names (not the key), and announces itself on the
	// discovery topic, so the browsers, which never get a direct link to it, send everything
	// through the relay, where it listens.
	const hostile = await joinRoomFallback(relay.address, RELAY_TCP_PORT, roomId, {
		announce: true
	});
	try {
		const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
		const a = await openRoom(browser, roomId, relayAddr);
		const b = await openRoom(browser, roomId, relayAddr);
		await expectDirectWebRTC(a.page, await peerIdOf(b.page));
		await hideDiagnostics(a.page);
		await drawStroke(a.page, zigzag(60, 120));
		await expectElementCount(b.page, 1);
		await expect.poll(() => hostile.payloads.length).toBeGreaterThan(0);
		const before = await exportSvg(a.page);

		// The attack: garbage, a replay of a real message, wrong-key envelopes (not signed with the
		// room's write key either), an oversized one.
		const captured = hostile.payloads[0]!;
		for (let i = 0; i < 10; i++) await hostile.publish(randomBytes(1 + i * 37));
		await hostile.publish(captured);
		for (let i = 0; i < 10; i++) await hostile.publish(sealedWithAnotherKey(randomBytes(64)));
		await hostile.publish(randomBytes(2 * 1024 * 1024));

		// Both browsers count what they refused, by reason...
		for (const page of [a.page, b.page]) {
			await showDiagnostics(page);
			await expect(page.getByTestId('rejected-by-reason')).toContainText(/signature: \d+/);
			await hideDiagnostics(page);
		}
		// ...their boards are unchanged (the replay is a no-op for a CRDT)...
		await expectElementCount(a.page, 1);
		await expectElementCount(b.page, 1);
		expect(await exportSvg(a.page)).toBe(before);
		expect(await exportSvg(b.page)).toBe(before);
		// ...and they keep syncing with each other.
		await drawStroke(b.page, zigzag(60, 300));
		await expectElementCount(a.page, 2);
		// The relay is still up: a new browser can join through it and gets the board.
		const c = await openRoom(browser, roomId, relayAddr);
		await expectElementCount(c.page, 2, 45_000);
		for (const p of [a, b, c]) await p.context.close();
	} finally {
		await hostile.stop();
		await relay.stop();
	}
});
