import { createHash } from 'node:crypto';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export interface BoardPage {
	context: BrowserContext;
	page: Page;
}

/**
 * The room key tests use for `roomId`: 32 bytes (SHA-256 of the id) in base64url, 43 characters,
 * the format of a real key. Derived from the id so every peer of a test opens the same link.
 */
export function testRoomKey(roomId: string): string {
	return createHash('sha256').update(`test key ${roomId}`).digest('base64url');
}

/** A room's path with its key in the fragment, as "New board" and the Share dialog make it. */
export function roomPath(roomId: string, query = ''): string {
	return `/room/${roomId}${query}#${testRoomKey(roomId)}`;
}

export interface OpenRoomOptions {
	/** Load the probe (`?probe`): `globalThis.whiteboardLinks` can cut direct links. */
	probe?: boolean;
	/** WebRTC cannot connect (no ICE candidates at all, as behind a hostile NAT without TURN). */
	withoutWebRTC?: boolean;
	/** No WebSocket opens (so no libp2p connection to the relay): plain HTTP still works. */
	withoutWebSockets?: boolean;
	/** More query parameters, e.g. `compact=3`. */
	query?: string;
	/** Called with the page before it opens the room (to watch its events from the start). */
	beforeOpen?: (page: Page) => void;
}

/** Opens a room in a fresh browser context (its own storage, its own libp2p node). */
export async function openRoom(
	browser: Browser,
	roomId: string,
	relay: string,
	options: OpenRoomOptions = {}
): Promise<BoardPage> {
	const context = await browser.newContext({ viewport: { width: 1100, height: 750 } });
	if (options.withoutWebRTC === true) await context.addInitScript(blockIceCandidates);
	if (options.withoutWebSockets === true) await context.routeWebSocket(/.*/, (ws) => ws.close());
	const page = await context.newPage();
	page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
	options.beforeOpen?.(page);
	const query =
		`?relay=${encodeURIComponent(relay)}${options.probe === true ? '&probe' : ''}` +
		(options.query == null ? '' : `&${options.query}`);
	await page.goto(roomPath(roomId, query));
	await expect(page.getByLabel('Whiteboard')).toBeVisible();
	return { context, page };
}

/**
 * Runs in the page before its scripts: every RTCPeerConnection may use TURN relay candidates only,
 * and there is no TURN server, so ICE never finds a path and no direct link ever forms.
 */
function blockIceCandidates(): void {
	const Native = RTCPeerConnection;
	globalThis.RTCPeerConnection = class extends Native {
		constructor(config?: RTCConfiguration) {
			super({ ...config, iceTransportPolicy: 'relay' });
		}
	};
}

export async function showDiagnostics(page: Page): Promise<void> {
	const panel = page.getByRole('region', { name: 'Diagnostics' });
	if (!(await panel.isVisible())) await page.getByRole('button', { name: 'Diagnostics' }).click();
	await expect(panel).toBeVisible();
}

export async function hideDiagnostics(page: Page): Promise<void> {
	const panel = page.getByRole('region', { name: 'Diagnostics' });
	if (await panel.isVisible()) await page.getByRole('button', { name: 'Diagnostics' }).click();
	await expect(panel).toBeHidden();
}

export async function peerIdOf(page: Page): Promise<string> {
	await showDiagnostics(page);
	const id = page.getByTestId('peer-id');
	await expect(id).toHaveText(/^12D3Koo/);
	return (await id.textContent()) ?? '';
}

/** Waits until Diagnostics lists a direct (not relayed) WebRTC connection to `peer`. */
export async function expectDirectWebRTC(
	page: Page,
	peer: string,
	timeout = 30_000
): Promise<void> {
	await showDiagnostics(page);
	const row = page.locator(
		`[data-testid="connection"][data-peer="${peer}"][data-transport="WebRTC"]`
	);
	await expect(row.first()).toBeVisible({ timeout });
	await expect(row.first().getByRole('cell', { name: 'no', exact: true })).toBeVisible();
}

/** Waits until the header says the relay holds everything this browser has. */
export async function expectSavedOnRelay(page: Page, timeout = 15_000): Promise<void> {
	await expect(page.getByRole('status', { name: 'Relay copy' })).toHaveText('saved on relay', {
		timeout
	});
}

/** Draws a freehand stroke with the mouse, in CSS pixels relative to the canvas. */
export async function drawStroke(
	page: Page,
	points: Array<[number, number]>,
	steps = 4
): Promise<void> {
	const canvas = page.getByLabel('Whiteboard');
	const box = await canvas.boundingBox();
	if (box == null) throw new Error('the whiteboard canvas is not on screen');
	const [first, ...rest] = points;
	if (first == null) throw new Error('a stroke needs points');
	await page.mouse.move(box.x + first[0], box.y + first[1]);
	await page.mouse.down();
	for (const [x, y] of rest) await page.mouse.move(box.x + x, box.y + y, { steps });
	await page.mouse.up();
}

export function zigzag(x0: number, y0: number, width = 160): Array<[number, number]> {
	return [0, 1, 2, 3, 4].map((i) => [x0 + (i * width) / 4, y0 + (i % 2 === 0 ? 0 : 40)]);
}

/** Waits until the board shows `count` valid elements (the Whiteboard's data-element-count). */
export async function expectElementCount(
	page: Page,
	count: number,
	timeout = 15_000
): Promise<void> {
	await expect(page.locator('[data-element-count]')).toHaveAttribute(
		'data-element-count',
		String(count),
		{ timeout }
	);
}

/** Picks a tool with its toolbar button (accessible name "Pen", "Rectangle", ...). */
export async function selectTool(page: Page, name: string): Promise<void> {
	const button = page
		.getByRole('toolbar', { name: 'Tools' })
		.getByRole('button', { name, exact: true });
	await button.click();
	await expect(button).toHaveAttribute('aria-pressed', 'true');
}

/** A straight mouse drag in CSS pixels relative to the canvas. */
export async function drag(
	page: Page,
	from: [number, number],
	to: [number, number],
	steps = 8
): Promise<void> {
	await drawStroke(page, [from, to], steps);
}

/**
 * True when some canvas of the board has a painted pixel (one that differs clearly from the
 * board's background, light or dark) within a few pixels of (x, y) in CSS pixels: proof that
 * the element is on screen, not just in the document.
 */
export async function isInkAt(page: Page, x: number, y: number, radius = 4): Promise<boolean> {
	return page.evaluate(
		({ cx, cy, radius }) => {
			const container = document.querySelector<HTMLElement>('[data-element-count]');
			if (container == null) return false;
			const bg = getComputedStyle(container).backgroundColor.match(/\d+/g)?.map(Number) ?? [];
			const [bgR = 255, bgG = 255, bgB = 255] = bg;
			for (const canvas of container.querySelectorAll('canvas')) {
				const ctx = canvas.getContext('2d');
				if (ctx == null) continue;
				const rect = canvas.getBoundingClientRect();
				const scale = canvas.width / rect.width;
				const r = Math.round(radius * scale);
				const data = ctx.getImageData(
					Math.round(cx * scale) - r,
					Math.round(cy * scale) - r,
					2 * r + 1,
					2 * r + 1
				).data;
				for (let i = 0; i < data.length; i += 4) {
					const [red, green, blue, alpha] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
					const diff = Math.abs(red - bgR) + Math.abs(green - bgG) + Math.abs(blue - bgB);
					if (alpha > 32 && diff > 90) return true;
				}
			}
			return false;
		},
		{ cx: x, cy: y, radius }
	);
}

/**
 * Milliseconds from the page's navigation start to the first Diagnostics log entry of `kind`
 * (e.g. 'relay-connected', 'direct'), or null if there is none.
 */
export async function msToLogEntry(page: Page, kind: string): Promise<number | null> {
	return page.evaluate((k) => {
		const entries = [...document.querySelectorAll(`[data-kind="${k}"]`)];
		const times = entries.map((e) => Number(e.getAttribute('data-at')));
		return times.length === 0 ? null : Math.min(...times) - performance.timeOrigin;
	}, kind);
}

/**
 * Where the board's ink is on screen: the box around every dark pixel of the static layer, in
 * CSS px. Both pages have the same window size, so the same box means the same view.
 */
export function inkBox(
	page: Page
): Promise<{ minX: number; minY: number; maxX: number; maxY: number } | null> {
	return page.evaluate(() => {
		const canvas = document.querySelector<HTMLCanvasElement>('[data-element-count] canvas');
		const ctx = canvas?.getContext('2d');
		if (canvas == null || ctx == null) return null;
		const scale = canvas.width / canvas.getBoundingClientRect().width;
		const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
		let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
		for (let y = 0; y < height; y++) {
			for (let x = 0; x < width; x++) {
				const i = (y * width + x) * 4;
				if (data[i]! + data[i + 1]! + data[i + 2]! > 3 * 100) continue;
				minX = Math.min(minX, x);
				maxX = Math.max(maxX, x);
				minY = Math.min(minY, y);
				maxY = Math.max(maxY, y);
			}
		}
		if (minX === Infinity) return null;
		return { minX: minX / scale, minY: minY / scale, maxX: maxX / scale, maxY: maxY / scale };
	});
}
