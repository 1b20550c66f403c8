import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import {
	drag,
	drawStroke,
	expectElementCount,
	expectSavedOnRelay,
	hideDiagnostics,
	openRoom,
	showDiagnostics,
	testRoomKey,
	zigzag
} from './support/board-page.ts';
import { fallbackTopicFromKey, joinRoomFallback, topicIdFromKey } from './support/observer.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';
import { sealWithViewKey } from './support/room-gossip.ts';
import { connectStorePeer } from './support/store-peer.ts';

const RELAY_PORT = Number(process.env.E2E_VIEW_ONLY_RELAY_PORT ?? 19088);
const RELAY_TCP_PORT = RELAY_PORT + 100;
let relay: RelayHandle | undefined;

test.afterAll(async () => {
	await relay?.stop();
});

/** The view-only link as the Share dialog gives it. */
async function viewLink(page: Page): Promise<string> {
	await page.getByRole('button', { name: 'Share' }).click();
	await page.getByRole('radio', { name: 'only view' }).check();
	const field = page.getByRole('textbox', { name: 'Board link' });
	await expect(field).toHaveValue(/#v[\w-]{171}$/);
	const link = await field.inputValue();
	await page.keyboard.press('Escape');
	return link;
}

/** A valid rectangle element, as a Yjs update: valid in every way but who wrote it. */
function rectangleUpdate(): Uint8Array {
	const doc = new Y.Doc();
	const fields = { type: 'rectangle', x: 10, y: 10, z: 1, createdAt: Date.now() };
	const style = { color: '#e03131', width: 4, w: 300, h: 200, fill: '#e03131' };
	doc
		.getMap('elements')
		.set('ForgedElement001', new Y.Map(Object.entries({ ...fields, ...style })));
	return Y.encodeStateAsUpdate(doc);
}

test('a view link opens the board read-only, and what its holder forges is refused everywhere', async ({
	browser
}) => {
	relay = await startRelay(RELAY_PORT, tempKeyFile(), { tcpPort: RELAY_TCP_PORT });
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	const roomId = `view-only-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, relayAddr);
	await drawStroke(a.page, zigzag(200, 200));
	await expectSavedOnRelay(a.page);
	const link = await viewLink(a.page);
	expect(link).not.toContain(testRoomKey(roomId));

	// B opens the view link: the board, no tools, and drawing or keys change nothing.
	const context = await browser.newContext({ viewport: { width: 1100, height: 750 } });
	const b = { context, page: await context.newPage() };
	await b.page.goto(link);
	await expectElementCount(b.page, 1);
	await expect(b.page.getByRole('toolbar', { name: 'Tools' })).toHaveCount(0);
	await expect(b.page.getByRole('status', { name: 'Relay copy' })).toHaveText('view only');
	await expect(b.page.getByRole('button', { name: 'Rename this board' })).toHaveCount(0);
	await drag(b.page, [300, 400], [500, 450]);
	await b.page.keyboard.press('r');
	await drag(b.page, [300, 400], [500, 450]);
	await b.page.keyboard.press('Delete');
	await b.page.keyboard.press('Control+a');
	await b.page.keyboard.press('Delete');
	// A stock libp2p peer holding the view key joins the room's topic through the relay (and
	// announces itself, so the browsers reach it there).
	const viewFragment = new URL(link).hash.slice(1);
	const forger = await joinRoomFallback(relay.address, RELAY_TCP_PORT, roomId, { announce: true });
	try {
		// A's next stroke still reaches B (and the forger), and B's attempts reached nobody.
		await drawStroke(a.page, zigzag(200, 400));
		await expectElementCount(b.page, 2);
		await expectElementCount(a.page, 2);
		await expect.poll(() => forger.payloads.length, { timeout: 20_000 }).toBeGreaterThan(0);

		// Its document update (a valid element, unsigned) is refused by both browsers, and counted.
		const topic = fallbackTopicFromKey(testRoomKey(roomId));
		for (let i = 0; i < 5; i++) {
			await forger.publish(sealWithViewKey(0, rectangleUpdate(), viewFragment, topic));
		}
		for (const page of [a.page, b.page]) {
			await showDiagnostics(page);
			await expect(page.getByTestId('rejected-by-reason')).toContainText(/signature: [1-9]/, {
				timeout: 20_000
			});
			await hideDiagnostics(page);
			await expectElementCount(page, 2);
		}
	} finally {
		await forger.stop();
	}

	// The relay refuses its writes to the board's copy: it has the public key, not the private.
	const relayId = relay.address.split('/p2p/')[1];
	const store = await connectStorePeer(`/ip4/127.0.0.1/tcp/${RELAY_TCP_PORT}/p2p/${relayId}`);
	try {
		const publicKey = Buffer.from(viewFragment.slice(1), 'base64url').subarray(96, 128);
		const answer = await store.write({
			op: 'append',
			topicId: topicIdFromKey(testRoomKey(roomId)),
			publicKey,
			signature: () => new Uint8Array(64),
			data: new Uint8Array(100).fill(1)
		});
		expect(answer).toMatchObject({ ok: false, code: 'bad-signature' });
	} finally {
		await store.stop();
	}
	for (const p of [a, b]) await p.context.close();
});
