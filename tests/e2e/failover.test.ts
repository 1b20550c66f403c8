import { expect, test } from '@playwright/test';
import {
	drawStroke,
	expectElementCount,
	expectSavedOnRelay,
	openRoom,
	showDiagnostics,
	zigzag
} from './support/board-page.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const BASE_PORT = Number(process.env.E2E_RELAY_PORT ?? 19090) + 60;
const relays: RelayHandle[] = [];
const wsAddr = (i: number) => `/ip4/127.0.0.1/tcp/${BASE_PORT + 10 * i}/ws`;

test.afterAll(async () => {
	for (const relay of relays) await relay.stop();
});

test('a browser with two relays keeps going when one dies; a newcomer on the other gets everything', async ({
	browser
}) => {
	// Two relays that know nothing of each other: only the browser moves between them.
	for (let i = 0; i < 2; i++) relays.push(await startRelay(BASE_PORT + 10 * i, tempKeyFile()));
	const [one, two] = relays as [RelayHandle, RelayHandle];
	const twoId = two.address.split('/p2p/')[1] ?? '';
	const roomId = `e2e-failover-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, wsAddr(0), {
		query: `relay=${encodeURIComponent(wsAddr(1))}`
	});
	await showDiagnostics(a.page);
	// Reachable through both relays: a reservation, and a circuit address, on each.
	const addrs = a.page.getByTestId('multiaddrs');
	for (const relay of relays) {
		const id = relay.address.split('/p2p/')[1] ?? '';
		await expect(addrs).toContainText(`/p2p/${id}/p2p-circuit`, { timeout: 15_000 });
	}
	await drawStroke(a.page, zigzag(80, 120));
	await expectElementCount(a.page, 1);
	await expectSavedOnRelay(a.page);

	// Relay 1 dies (kill -9) while A keeps drawing.
	await Promise.all([one.kill(), drawStroke(a.page, zigzag(80, 200))]);
	await drawStroke(a.page, zigzag(80, 280));
	await expectElementCount(a.page, 3);
	// A stays reachable through relay 2, and its copy moves there.
	await expect(
		a.page.locator(`[data-testid="connection"][data-peer="${twoId}"]`).first()
	).toBeVisible();
	await expect(addrs).toContainText(`/p2p/${twoId}/p2p-circuit`);
	await expectSavedOnRelay(a.page, 20_000);

	// A newcomer that knows only relay 2 gets the whole board, from A or from relay 2's copy.
	const c = await openRoom(browser, roomId, wsAddr(1));
	await expectElementCount(c.page, 3, 20_000);
	// And the copy alone holds it: with A gone, another newcomer still gets all three.
	await a.context.close();
	await c.context.close();
	const d = await openRoom(browser, roomId, wsAddr(1));
	await expectElementCount(d.page, 3, 20_000);
	await d.context.close();
});
