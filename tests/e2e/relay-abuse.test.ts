import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startAbuse, type Abuse } from './support/abuser.ts';
import {
	drawStroke,
	expectElementCount,
	hideDiagnostics,
	openRoom,
	showDiagnostics,
	zigzag
} from './support/board-page.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_RELAY_PORT ?? 19090);
const RELAY_TCP_PORT = RELAY_PORT + 3;
/** Within this of opening the room, the two browsers must be linked directly. */
const DIRECT_BOUND_MS = 10_000;
/** Once the client has left, its reservations and topics must be gone within this. */
const RELEASE_BOUND_MS = 10_000;

interface RelayStatus {
	reservations: number;
	topics: number;
	refused: string;
}

/** The relay's latest status line (`--status-interval 1`). */
function lastStatus(relay: RelayHandle): RelayStatus | null {
	const lines = [...relay.output().matchAll(/status: .*$/gm)].map((m) => m[0]);
	const line = lines.at(-1);
	if (line == null) return null;
	return {
		reservations: Number(/(\d+) reservations/.exec(line)?.[1] ?? NaN),
		topics: Number(/(\d+) mirrored topics/.exec(line)?.[1] ?? NaN),
		refused: /refused: (.*)$/.exec(line)?.[1] ?? '(not reported)'
	};
}

/** The relay's resident memory in MB (Linux), for the report. */
function rssMb(relay: RelayHandle): string {
	try {
		const status = readFileSync(`/proc/${relay.pid}/status`, 'utf8');
		return `${Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024)} MB`;
	} catch {
		return 'unknown';
	}
}

let relay: RelayHandle | undefined;
let abuse: Abuse | undefined;
test.afterAll(async () => {
	await abuse?.stop();
	await relay?.stop();
});

test('relay under abuse: new browsers link directly and sync; the abuser’s share is freed when it leaves', async ({
	browser
}) => {
	test.setTimeout(240_000);
	relay = await startRelay(RELAY_PORT, tempKeyFile(), {
		tcpPort: RELAY_TCP_PORT,
		extraArgs: ['--status-interval', '1']
	});
	const relayId = relay.address.split('/p2p/')[1] ?? '';
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	// Printed as they come, so a failing run still reports what it measured.
	const figure = (line: string) => console.log(`[abuse] ${line}`);

	// From 127.0.0.2: the browsers (127.0.0.1) are another address to the relay.
	abuse = await startAbuse({
		relay: `/ip4/127.0.0.1/tcp/${RELAY_TCP_PORT}/p2p/${relayId}`,
		localAddress: '127.0.0.2',
		peers: 150,
		extraConnections: 150,
		topicsPerPeer: 14,
		messagesPerSecond: 200
	});
	const during = abuse.figures();
	figure(
		`abuser: ${during.connected} of 150 peers connected (${during.connectionsRefused} of 300 connections refused), ` +
			`${during.reservations} reservations, asked for ${during.topicsAsked} topics`
	);
	await expect.poll(() => lastStatus(relay!)?.topics ?? 0).toBeGreaterThan(0);
	figure(`relay during the flood: ${JSON.stringify(lastStatus(relay))}, RSS ${rssMb(relay)}`);

	// Two new browsers open a room while the flood goes on.
	const roomId = `e2e-abuse-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);
	await showDiagnostics(b.page);
	// Whichever side dialled, B's Diagnostics lists the direct WebRTC connection.
	const direct = b.page.locator('[data-testid="connection"][data-transport="WebRTC"]').first();
	await expect.soft(direct).toBeVisible({ timeout: DIRECT_BOUND_MS + 5_000 });
	const directMs = (await direct.isVisible())
		? await b.page.evaluate(() => Date.now() - performance.timeOrigin)
		: null;
	figure(
		`browser B: direct WebRTC link ${directMs == null ? 'never' : `by ${Math.round(directMs)} ms after page load`}`
	);
	expect.soft(directMs ?? Infinity, 'direct link from page load').toBeLessThan(DIRECT_BOUND_MS);
	await hideDiagnostics(b.page);

	const drawnAt = Date.now();
	await drawStroke(a.page, zigzag(80, 120));
	await expectElementCount(b.page, 1, 20_000);
	figure(`ink A -> B during the flood: ${Date.now() - drawnAt} ms`);
	figure(`abuser at the end: ${JSON.stringify(abuse.figures())}, relay RSS ${rssMb(relay)}`);

	// The client leaves: its reservations and topics go within seconds, not at the TTL.
	const leftAt = Date.now();
	await abuse.stop();
	abuse = undefined;
	await expect
		.poll(() => lastStatus(relay!), { timeout: RELEASE_BOUND_MS })
		.toMatchObject({ reservations: 2, topics: 2 });
	figure(`abuser's reservations and topics gone after ${Date.now() - leftAt} ms`);
	figure(`relay after: ${JSON.stringify(lastStatus(relay))}, RSS ${rssMb(relay)}`);

	// A third browser joins after the flood and gets the board.
	const c = await openRoom(browser, roomId, relayAddr);
	await expectElementCount(c.page, 1, 20_000);
	for (const p of [a, b, c]) await p.context.close();
});

test('a browser whose topic the relay refuses says so in Diagnostics', async ({ browser }) => {
	// One topic per peer: the browser's second room topic is refused.
	const strict = await startRelay(RELAY_PORT + 10, tempKeyFile(), {
		extraArgs: ['--max-topics-per-peer', '1']
	});
	try {
		const page = await openRoom(browser, `e2e-refused-${Date.now().toString(36)}`, strict.address);
		await showDiagnostics(page.page);
		await expect(page.page.getByTestId('relay-refused')).toContainText(
			/topic whiteboard\/(discovery|fallback)\/.*already has 1 topics mirrored \(per-peer\)/
		);
		await expect(page.page.locator('[data-kind="relay-refused"]').first()).toBeVisible();
		await page.context.close();
	} finally {
		await strict.stop();
	}
});
