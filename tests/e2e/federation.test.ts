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

const BASE_PORT = Number(process.env.E2E_RELAY_PORT ?? 19090) + 40;
const PORTS = [
	{ ws: BASE_PORT, tcp: BASE_PORT + 3, metrics: BASE_PORT + 5 },
	{ ws: BASE_PORT + 10, tcp: BASE_PORT + 13, metrics: BASE_PORT + 15 }
];
const relays: RelayHandle[] = [];
const wsAddr = (i: number) => `/ip4/127.0.0.1/tcp/${PORTS[i]!.ws}/ws`;

test.beforeAll(async () => {
	// First runs create each relay's key (its peer id); then both start peered with the other.
	const keys = [tempKeyFile(), tempKeyFile()];
	const ids: string[] = [];
	for (const [i, keyFile] of keys.entries()) {
		const relay = await startRelay(PORTS[i]!.ws, keyFile, { tcpPort: PORTS[i]!.tcp });
		ids.push(relay.address.split('/p2p/')[1] ?? '');
		await relay.stop();
	}
	for (const [i, keyFile] of keys.entries()) {
		const other = 1 - i;
		const peer = `/ip4/127.0.0.1/tcp/${PORTS[other]!.tcp}/p2p/${ids[other]}`;
		relays.push(
			await startRelay(PORTS[i]!.ws, keyFile, {
				tcpPort: PORTS[i]!.tcp,
				extraArgs: ['--peer', peer, '--metrics-port', String(PORTS[i]!.metrics)]
			})
		);
	}
	await expect.poll(() => relays.every((relay) => /peer relay \+/.test(relay.output()))).toBe(true);
});

test.afterAll(async () => {
	for (const relay of relays) await relay.stop();
});

test('browsers that know different peered relays find each other, link directly and sync', async ({
	browser
}) => {
	const roomId = `e2e-federation-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, wsAddr(0));
	const b = await openRoom(browser, roomId, wsAddr(1));
	for (const page of [a.page, b.page]) {
		await showDiagnostics(page);
		await expect(
			page.locator('[data-testid="connection"][data-transport="WebRTC"]').first()
		).toBeVisible({ timeout: 20_000 });
	}
	await drawStroke(a.page, zigzag(80, 120));
	await expectElementCount(b.page, 1);
	await drawStroke(b.page, zigzag(80, 220));
	await expectElementCount(a.page, 2);

	// Diagnostics' "Copy report" has the direct link with its round-trip time and the bytes it
	// carried (the browser's WebRTC statistics, read while the panel is open), and the relay with
	// its reservation's expiry.
	await a.context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const report = async () => {
		await a.page.getByRole('button', { name: 'Copy report' }).click();
		return JSON.parse(await a.page.evaluate(() => navigator.clipboard.readText())) as {
			connections: Array<{
				transport: string;
				limited: boolean;
				rttMs?: number;
				streams: string[];
				bytesIn?: number;
				bytesOut?: number;
			}>;
			relays: Array<{ addr: string; reserved: boolean; reservationExpiresAt?: number }>;
			topics: Array<{ topic: string; mesh: number }>;
		};
	};
	await expect
		.poll(
			async () => {
				const { connections } = await report();
				return connections.some(
					(c) =>
						c.transport === 'WebRTC' &&
						!c.limited &&
						typeof c.rttMs === 'number' &&
						(c.bytesIn ?? 0) > 0 &&
						(c.bytesOut ?? 0) > 0
				);
			},
			{ timeout: 20_000 }
		)
		.toBe(true);
	const { relays: reported, topics, connections } = await report();
	expect(reported).toEqual([
		{
			addr: wsAddr(0),
			peer: expect.any(String),
			reserved: true,
			reservationExpiresAt: expect.any(Number)
		}
	]);
	// The relay's reservations last an hour by default (--reservation-ttl).
	const left = reported[0]!.reservationExpiresAt! - Date.now();
	expect(left).toBeGreaterThan(50 * 60_000);
	expect(left).toBeLessThanOrEqual(61 * 60_000);
	const toRelay = connections.find((c) => c.transport === 'WebSockets');
	expect(toRelay?.bytesIn).toBeGreaterThan(0);
	expect(toRelay?.bytesOut).toBeGreaterThan(0);
	expect(topics.map((t) => t.topic)).toEqual(
		expect.arrayContaining([expect.stringMatching(/^whiteboard\/room\//)])
	);
	for (const p of [a, b]) await p.context.close();
});

test('a board saved through one relay opens complete through the other', async ({ browser }) => {
	const roomId = `e2e-federation-copy-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, wsAddr(0));
	for (let i = 0; i < 3; i++) await drawStroke(a.page, zigzag(80, 120 + 60 * i));
	await expectElementCount(a.page, 3);
	await expectSavedOnRelay(a.page);
	// The operator's view follows: a WebSocket connection, the room's topics, the appends.
	const ops = `http://127.0.0.1:${PORTS[0]!.metrics}`;
	const health = (await (await fetch(`${ops}/health`)).json()) as Record<string, unknown>;
	expect(health).toMatchObject({
		ready: true,
		connections: { websockets: 1 },
		federation: [{ connected: true }]
	});
	// This room's two, and the last test's until their grace period ends.
	expect(health.topics).toBeGreaterThanOrEqual(2);
	const metrics = await (await fetch(`${ops}/metrics`)).text();
	const appends = Number(
		/whiteboard_relay_store_requests_total\{op="append"\} (\d+)/.exec(metrics)?.[1]
	);
	expect(appends).toBeGreaterThanOrEqual(1);
	expect(metrics).toMatch(/whiteboard_relay_federation_peers\{state="connected"\} 1/);
	await a.context.close();

	// Nobody else is online: the newcomer, who knows only the second relay, has its copy.
	const c = await openRoom(browser, roomId, wsAddr(1));
	await expectElementCount(c.page, 3, 20_000);
	await c.context.close();
});
