/**
 * The relay's encrypted copy of a board (issue: boards that are there when nobody else is): a board
 * opens complete with nobody else online, survives relay restarts and kill -9, cannot be changed
 * by someone who knows only its topic id, and loses nothing when it is compacted while two
 * browsers draw. Real relay processes, real Chromium.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	drawStroke,
	expectElementCount,
	expectSavedOnRelay,
	isInkAt,
	openRoom,
	selectTool,
	testRoomKey,
	zigzag
} from './support/board-page.ts';
import { roomWriteKey, topicIdFromKey } from './support/observer.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';
import { connectStorePeer, ownKeyPair } from './support/store-peer.ts';

const RELAY_PORT = Number(process.env.E2E_COPY_RELAY_PORT ?? 19096);
const TCP_PORT = RELAY_PORT + 1;
const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
const keyFile = tempKeyFile();
let relay: RelayHandle;

const start = () =>
	startRelay(RELAY_PORT, keyFile, { tcpPort: TCP_PORT, extraArgs: ['--status-interval', '1'] });
test.beforeAll(async () => {
	relay = await start();
});
test.afterAll(async () => {
	await relay?.stop();
});

const room = (name: string) => `${name}-${Date.now().toString(36)}`;

/** Opens the room, draws `count` strokes one below the other from row `from`, waits until saved. */
async function drawAndLeave(browser: Browser, roomId: string, count: number, from = 0) {
	const a = await openRoom(browser, roomId, relayAddr);
	await expectSavedOnRelay(a.page);
	for (let i = 0; i < count; i++) await drawStroke(a.page, zigzag(60, 80 + (from + i) * 70));
	await expectElementCount(a.page, from + count);
	await expectSavedOnRelay(a.page);
	await a.context.close();
}

test('A draws and closes; B opens the link with nobody online and sees every stroke', async ({
	browser
}) => {
	const roomId = room('alone');
	await drawAndLeave(browser, roomId, 3);
	const b = await openRoom(browser, roomId, relayAddr);
	await expectElementCount(b.page, 3);
	for (const row of [0, 1, 2])
		await expect.poll(() => isInkAt(b.page, 80, 100 + row * 70)).toBe(true);
	await expect(b.page.getByRole('status', { name: 'Connection status' })).toHaveText(
		'connected · 0 peers'
	);
	await b.context.close();
});

test('B paints the board from the copy read over HTTP, before and without any libp2p connection', async ({
	browser
}) => {
	const roomId = room('http');
	await drawAndLeave(browser, roomId, 2);
	// Every WebSocket of B's page is refused: the relay is only reachable with plain HTTP.
	const workers: string[] = [];
	const b = await openRoom(browser, roomId, relayAddr, {
		withoutWebSockets: true,
		beforeOpen: (page) => page.on('worker', (worker) => workers.push(worker.url()))
	});
	await expectElementCount(b.page, 2);
	// A small copy is opened on the page: no worker is started for it.
	expect(workers.filter((url) => url.includes('early-copy'))).toEqual([]);
	for (const row of [0, 1]) await expect.poll(() => isInkAt(b.page, 80, 100 + row * 70)).toBe(true);
	await expect(b.page.getByRole('status', { name: 'Connection status' })).not.toHaveText(
		/^connected/
	);
	// The copy is written to B's local copy once painted: B reopens it with the relay unreachable.
	await expect.poll(() => storedBytes(b.page, roomId)).toBeGreaterThan(200);
	await b.context.route(`http://127.0.0.1:${RELAY_PORT}/**`, (route) => route.abort());
	await b.page.reload();
	await expectElementCount(b.page, 2);
	await b.context.close();
});

test('a large copy read over HTTP is opened in a worker as it arrives, and painted whole', async ({
	browser
}) => {
	const roomId = room('large');
	const a = await openRoom(browser, roomId, relayAddr, { probe: true });
	await a.page.waitForFunction(() => globalThis.whiteboardProbe !== undefined);
	// 300 strokes of 200 points: ~240 KB of copy, well over what the page opens itself (64 KiB).
	await a.page.evaluate(() =>
		globalThis.whiteboardProbe!.loadStrokes({ count: 300, points: 200, seed: 5 })
	);
	await expectElementCount(a.page, 300);
	await expectSavedOnRelay(a.page, 30_000);
	await a.context.close();

	const workers: string[] = [];
	const b = await openRoom(browser, roomId, relayAddr, {
		withoutWebSockets: true,
		beforeOpen: (page) => page.on('worker', (worker) => workers.push(worker.url()))
	});
	await expectElementCount(b.page, 300);
	expect(workers.filter((url) => url.includes('early-copy'))).toHaveLength(1);
	await b.context.close();
});

/** The bytes of the Yjs updates in the page's IndexedDB copy of the room (y-indexeddb's store). */
function storedBytes(page: Page, roomId: string): Promise<number> {
	return page.evaluate(
		(name) =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open(name);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const all = db.transaction('updates').objectStore('updates').getAll();
					all.onerror = () => reject(all.error);
					all.onsuccess = () => {
						db.close();
						resolve((all.result as Uint8Array[]).reduce((sum, u) => sum + u.byteLength, 0));
					};
				};
			}),
		`whiteboard-room-${roomId}`
	);
}

test('the board survives a relay restart, and a kill -9 right after a write was answered', async ({
	browser
}) => {
	const roomId = room('restart');
	await drawAndLeave(browser, roomId, 2);
	await relay.stop();
	relay = await start();

	const b = await openRoom(browser, roomId, relayAddr);
	await expectElementCount(b.page, 2);
	await expectSavedOnRelay(b.page);
	await drawStroke(b.page, zigzag(60, 80 + 2 * 70));
	await expectElementCount(b.page, 3);
	// "saved on relay": the relay answered the append, so the write is on disk.
	await expectSavedOnRelay(b.page);
	await relay.kill();
	await b.context.close();
	relay = await start();

	const c = await openRoom(browser, roomId, relayAddr);
	await expectElementCount(c.page, 3);
	await c.context.close();
});

test('what was drawn while the relay was away reaches its copy when it is back', async ({
	browser
}) => {
	const roomId = room('away');
	const a = await openRoom(browser, roomId, relayAddr);
	await expectSavedOnRelay(a.page);
	await drawStroke(a.page, zigzag(60, 80));
	await expectSavedOnRelay(a.page);
	await relay.stop();
	await expect(a.page.getByRole('status', { name: 'Relay copy' })).toBeHidden();
	await drawStroke(a.page, zigzag(60, 150));
	await drawStroke(a.page, zigzag(60, 220));
	await expectElementCount(a.page, 3);
	relay = await start();
	// The browser reconnects on its own (backoff of at most 15 s) and uploads what the copy lacks.
	await expectSavedOnRelay(a.page, 30_000);
	await a.context.close();

	const b = await openRoom(browser, roomId, relayAddr);
	await expectElementCount(b.page, 3);
	await b.context.close();
});

test('someone with the topic id but not the key can read ciphertext and change nothing', async ({
	browser
}) => {
	const roomId = room('hostile');
	const marker = `MARKER-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, relayAddr);
	await expectSavedOnRelay(a.page);
	await drawStroke(a.page, zigzag(60, 80));
	await selectTool(a.page, 'Text');
	await a.page.getByLabel('Whiteboard').click({ position: { x: 300, y: 300 } });
	await a.page.keyboard.type(marker);
	await a.page.keyboard.press('Enter');
	await expectElementCount(a.page, 2);
	await expectSavedOnRelay(a.page);
	await a.context.close();

	const topicId = topicIdFromKey(testRoomKey(roomId));
	const relayId = relay.address.split('/p2p/')[1];
	const peer = await connectStorePeer(`/ip4/127.0.0.1/tcp/${TCP_PORT}/p2p/${relayId}`);
	try {
		const before = await peer.read(topicId);
		expect(before).toMatchObject({ ok: true, entries: expect.any(Number) });
		if (!before.ok) throw new Error('read refused');
		const own = ownKeyPair();
		// The room's public key, as an operator could learn it; the signature is made up.
		const roomPublic = roomWriteKey(testRoomKey(roomId)).publicKey;
		const forged = () => crypto.getRandomValues(new Uint8Array(64));
		const junk = new Uint8Array(200).fill(7);
		const attempts = [
			{ op: 'append', publicKey: own.publicKey, signature: own.sign },
			{ op: 'append', publicKey: roomPublic, signature: forged },
			// Overwrite: a "snapshot" that would replace the whole log.
			{ op: 'snapshot', publicKey: own.publicKey, signature: own.sign, covers: before.seq },
			{ op: 'snapshot', publicKey: roomPublic, signature: forged, covers: before.seq }
		] as const;
		const codes = [];
		for (const attempt of attempts) {
			const answer = await peer.write({ ...attempt, topicId, data: junk });
			codes.push(answer.ok ? 'accepted' : answer.code);
		}
		expect(codes).toEqual(['wrong-key', 'bad-signature', 'wrong-key', 'bad-signature']);
		expect(await peer.read(topicId)).toEqual(before);
		// Counted by reason in the relay's status line (its log lines are throttled per reason).
		await expect
			.poll(() => [...relay.output().matchAll(/refused: (.*)$/gm)].at(-1)?.[1] ?? '')
			.toMatch(/store:bad-signature 2, store:wrong-key 2/);
	} finally {
		await peer.stop();
	}

	const b = await openRoom(browser, roomId, relayAddr);
	await expectElementCount(b.page, 2);
	await b.context.close();

	// The relay's files hold ciphertext only: the text typed on the board is nowhere in them.
	const dataDir = join(dirname(keyFile), '.relay-data');
	const files = readdirSync(dataDir).map((name) => readFileSync(join(dataDir, name)));
	expect(files.reduce((sum, file) => sum + file.length, 0)).toBeGreaterThan(1000);
	for (const file of files) {
		expect(file.includes(Buffer.from(marker))).toBe(false);
		expect(file.includes(Buffer.from(roomId))).toBe(false);
	}
});

test('compaction while two browsers draw loses no stroke and doubles none', async ({ browser }) => {
	const roomId = room('compact');
	const options = { query: 'compact=3' };
	const a = await openRoom(browser, roomId, relayAddr, options);
	const b = await openRoom(browser, roomId, relayAddr, options);
	await expectSavedOnRelay(a.page);
	await expectSavedOnRelay(b.page);
	for (let i = 0; i < 6; i++) {
		await Promise.all([
			drawStroke(a.page, zigzag(60, 60 + i * 60)),
			drawStroke(b.page, zigzag(400, 60 + i * 60))
		]);
	}
	await expectElementCount(a.page, 12);
	await expectElementCount(b.page, 12);
	await expectSavedOnRelay(a.page);
	await expectSavedOnRelay(b.page);
	await a.context.close();
	await b.context.close();

	const relayId = relay.address.split('/p2p/')[1];
	const peer = await connectStorePeer(`/ip4/127.0.0.1/tcp/${TCP_PORT}/p2p/${relayId}`);
	const copy = await peer.read(topicIdFromKey(testRoomKey(roomId)));
	await peer.stop();
	expect(copy).toMatchObject({ ok: true, snapshotCovers: expect.any(Number) });
	if (copy.ok) expect(copy.snapshotCovers).toBeGreaterThan(0);

	const c = await openRoom(browser, roomId, relayAddr);
	await expectElementCount(c.page, 12);
	await c.context.close();
});
