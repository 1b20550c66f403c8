import { expect, test, type Page } from '@playwright/test';
import { expectElementCount, expectSavedOnRelay, inkBox, openRoom } from './support/board-page.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_IMAGES_RELAY_PORT ?? 19087);
let relay: RelayHandle | undefined;

test.afterAll(async () => {
	await relay?.stop();
});

/**
 * Drops a file on the board at (x, y) (CSS px in the canvas), as a user dragging it from the
 * desktop would: 'image' makes a 300 × 200 PNG (red, with a blue band), 'text' a text file.
 */
async function dropFile(page: Page, kind: 'image' | 'text', x: number, y: number): Promise<void> {
	await page.evaluate(
		async ({ kind, x, y }) => {
			let file: File;
			if (kind === 'image') {
				const canvas = new OffscreenCanvas(300, 200);
				const ctx = canvas.getContext('2d')!;
				ctx.fillStyle = '#ff0000';
				ctx.fillRect(0, 0, 300, 200);
				ctx.fillStyle = '#0000ff';
				ctx.fillRect(0, 80, 300, 40);
				const blob = await canvas.convertToBlob({ type: 'image/png' });
				file = new File([blob], 'red.png', { type: 'image/png' });
			} else {
				file = new File(['just some words'], 'notes.txt', { type: 'text/plain' });
			}
			const board = document.querySelector<HTMLElement>('[data-element-count]')!;
			const rect = board.getBoundingClientRect();
			const dataTransfer = new DataTransfer();
			dataTransfer.items.add(file);
			const at = { clientX: rect.left + x, clientY: rect.top + y, bubbles: true, cancelable: true };
			board.dispatchEvent(new DragEvent('dragover', { ...at, dataTransfer }));
			board.dispatchEvent(new DragEvent('drop', { ...at, dataTransfer }));
		},
		{ kind, x, y }
	);
}

/** The colour the static layer shows at (x, y), CSS px. */
function pixelAt(page: Page, x: number, y: number): Promise<[number, number, number]> {
	return page.evaluate(
		({ x, y }) => {
			const canvas = document.querySelector<HTMLCanvasElement>('[data-element-count] canvas')!;
			const scale = canvas.width / canvas.getBoundingClientRect().width;
			const [r, g, b] = canvas
				.getContext('2d')!
				.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data;
			return [r!, g!, b!] as [number, number, number];
		},
		{ x, y }
	);
}

const isRed = ([r, g, b]: [number, number, number]): boolean => r > 200 && g < 60 && b < 60;

test('an image dropped in one browser shows in the other, and later from the relay copy; a text file is refused', async ({
	browser
}) => {
	relay = await startRelay(RELAY_PORT, tempKeyFile());
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	const roomId = `images-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);

	await dropFile(a.page, 'image', 400, 300);
	await expectElementCount(a.page, 1);
	await expectElementCount(b.page, 1);
	// Centred where it was dropped, at its own size (both windows show the board at 100 %).
	await expect.poll(async () => isRed(await pixelAt(b.page, 400, 260))).toBe(true);
	const boxA = await inkBox(a.page);
	expect(boxA).not.toBeNull();
	expect(boxA!.minX).toBeCloseTo(250, -1);
	expect(boxA!.maxX).toBeCloseTo(550, -1);
	expect(boxA!.minY).toBeCloseTo(200, -1);
	expect(boxA!.maxY).toBeCloseTo(400, -1);
	await expect.poll(() => inkBox(b.page)).toEqual(boxA);

	// A text file: a clear message, and nothing added.
	await dropFile(a.page, 'text', 700, 500);
	await expect(a.page.getByRole('status').filter({ hasText: 'is not an image' })).toBeVisible();
	await expectElementCount(a.page, 1);

	// With A and B gone, a newcomer gets the image from the relay's copy.
	await expectSavedOnRelay(a.page);
	await a.context.close();
	await b.context.close();
	const c = await openRoom(browser, roomId, relayAddr);
	await expectElementCount(c.page, 1);
	await expect
		.poll(async () => isRed(await pixelAt(c.page, 400, 260)), { timeout: 15_000 })
		.toBe(true);
	await expect.poll(() => inkBox(c.page)).toEqual(boxA);
	await c.context.close();
});
