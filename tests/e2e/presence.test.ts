import { expect, test } from '@playwright/test';
import { openRoom } from './support/board-page.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_PRESENCE_RELAY_PORT ?? 19092);
let relay: RelayHandle | undefined;

test.afterAll(async () => {
	await relay?.stop();
});

test('peers see each other in the collaborator list and as live cursors', async ({ browser }) => {
	relay = await startRelay(RELAY_PORT, tempKeyFile());
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	const roomId = `presence-${Date.now().toString(36)}`;

	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);

	// A names itself through the header's name field.
	const nameField = a.page.getByLabel('Your name');
	await nameField.fill('Alice');
	await nameField.press('Enter');
	await expect(nameField).toHaveValue('Alice');
	const listA = a.page.getByRole('list', { name: 'Collaborators' });
	await expect(listA.getByRole('listitem').filter({ hasText: 'Alice' })).toContainText('(you)');

	// B lists A by name (and itself), without anyone moving a mouse.
	const listB = b.page.getByRole('list', { name: 'Collaborators' });
	await expect(listB.getByRole('listitem').filter({ hasText: 'Alice' })).toBeVisible({
		timeout: 30_000
	});
	await expect(listB.getByRole('listitem')).toHaveCount(2);

	// A's mouse over the canvas shows up in B as a cursor labelled "Alice", near the same spot.
	const canvasA = a.page.getByLabel('Whiteboard');
	const boxA = await canvasA.boundingBox();
	if (boxA == null) throw new Error('the whiteboard canvas is not on screen');
	await a.page.mouse.move(boxA.x + 100, boxA.y + 100);
	await a.page.mouse.move(boxA.x + 300, boxA.y + 200, { steps: 10 });
	const cursor = b.page.getByTestId('remote-cursor').filter({ hasText: 'Alice' });
	await expect(cursor).toBeVisible();
	const boxB = await b.page.getByLabel('Whiteboard').boundingBox();
	if (boxB == null) throw new Error('the whiteboard canvas is not on screen');
	await expect
		.poll(async () => {
			const at = await cursor.boundingBox();
			return at && [Math.round(at.x - boxB.x), Math.round(at.y - boxB.y)];
		})
		.toEqual([300, 200]);
	// B's own cursor is not drawn in B.
	await expect(b.page.getByTestId('remote-cursor')).toHaveCount(1);

	// A leaves (tab closed): its cursor and its entry vanish from B within a few seconds.
	const closedAt = Date.now();
	await a.context.close();
	await expect(cursor).toHaveCount(0, { timeout: 12_000 });
	await expect(listB.getByRole('listitem').filter({ hasText: 'Alice' })).toHaveCount(0, {
		timeout: 12_000
	});
	await expect(listB.getByRole('listitem')).toHaveCount(1);
	console.log(`A's presence vanished from B ${Date.now() - closedAt} ms after A closed`);

	await b.context.close();
});
