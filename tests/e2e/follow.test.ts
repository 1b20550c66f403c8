import { expect, test, type Page } from '@playwright/test';
import { drawStroke, expectElementCount, inkBox, openRoom, zigzag } from './support/board-page.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_FOLLOW_RELAY_PORT ?? 19089);
let relay: RelayHandle | undefined;

test.afterAll(async () => {
	await relay?.stop();
});

/** True when both pages show the ink in the same place, to within 3 CSS px. */
async function sameView(a: Page, b: Page): Promise<boolean> {
	const [boxA, boxB] = await Promise.all([inkBox(a), inkBox(b)]);
	if (boxA == null || boxB == null) return false;
	return (['minX', 'minY', 'maxX', 'maxY'] as const).every(
		(side) => Math.abs(boxA[side] - boxB[side]) <= 3
	);
}

async function wheelOver(page: Page, dx: number, dy: number): Promise<void> {
	const canvas = await page.getByLabel('Whiteboard').boundingBox();
	if (canvas == null) throw new Error('no canvas');
	await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
	await page.mouse.wheel(dx, dy);
}

test("following a collaborator's view: it follows their pans and zooms until you move yourself", async ({
	browser
}) => {
	relay = await startRelay(RELAY_PORT, tempKeyFile());
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	const roomId = `follow-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);
	await a.page.getByRole('textbox', { name: 'Your name' }).fill('Alice');
	await a.page.keyboard.press('Enter');
	await drawStroke(a.page, zigzag(200, 300));
	await drawStroke(a.page, zigzag(600, 450));
	await expectElementCount(b.page, 2);

	// B clicks Alice in its header: following. Alice sees it.
	const alice = b.page.getByRole('list', { name: 'Collaborators' }).getByRole('button', {
		name: 'Alice'
	});
	await alice.click();
	await expect(alice).toHaveAttribute('aria-pressed', 'true');
	await expect(b.page.getByRole('status').filter({ hasText: 'Following Alice' })).toBeVisible();
	await expect(a.page.getByText('(following you)')).toBeVisible();

	// Alice pans and zooms; B's view matches hers after each.
	await wheelOver(a.page, 150, 80);
	await expect.poll(() => sameView(a.page, b.page)).toBe(true);
	await a.page.keyboard.press('Control+=');
	await a.page.keyboard.press('Control+=');
	await expect.poll(() => sameView(a.page, b.page)).toBe(true);
	const followed = await inkBox(b.page);

	// B pans itself: no longer following, and Alice's next move leaves B's view alone.
	await wheelOver(b.page, -300, 0);
	await expect(alice).toHaveAttribute('aria-pressed', 'false');
	await expect(b.page.getByRole('status').filter({ hasText: 'Following Alice' })).toBeHidden();
	await expect(a.page.getByText('(following you)')).toBeHidden();
	await expect.poll(async () => (await inkBox(b.page))?.minX).not.toBe(followed?.minX);
	const own = await inkBox(b.page);
	const aliceBefore = await inkBox(a.page);
	await wheelOver(a.page, 0, 200);
	await expect.poll(() => inkBox(a.page)).not.toEqual(aliceBefore);
	expect(await inkBox(b.page)).toEqual(own);

	for (const p of [a, b]) await p.context.close();
});
