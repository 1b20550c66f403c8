import { expect, test, type Page } from '@playwright/test';
import {
	drag,
	drawStroke,
	expectElementCount,
	isInkAt,
	openRoom,
	selectTool,
	zigzag
} from './support/board-page.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_TOOLS_RELAY_PORT ?? 19093);
let relay: RelayHandle | undefined;

test.afterAll(async () => {
	await relay?.stop();
});

/** Polls until the canvas shows ink at every point of `on` and none at any point of `off`. */
async function expectShape(
	page: Page,
	on: Array<[number, number]>,
	off: Array<[number, number]> = []
): Promise<void> {
	for (const [x, y] of on) await expect.poll(() => isInkAt(page, x, y)).toBe(true);
	for (const [x, y] of off) await expect.poll(() => isInkAt(page, x, y)).toBe(false);
}

/**
 * Where a text's selection outline runs, and where its ink is, in CSS px within `area`: the
 * outline's left and right edges are the overlay columns painted along the whole height of the
 * ink (handles cover only a few rows); the ink is what differs from the background.
 */
async function outlineAndInk(page: Page, area: { x: number; y: number; w: number; h: number }) {
	return page.evaluate((a) => {
		const [paper, overlay] = document.querySelectorAll<HTMLCanvasElement>(
			'[data-element-count] canvas'
		);
		const read = (canvas: HTMLCanvasElement | undefined) =>
			canvas?.getContext('2d')?.getImageData(a.x, a.y, a.w, a.h).data ?? new Uint8ClampedArray();
		const ink = read(paper);
		const lines = read(overlay);
		let minX = Infinity;
		let maxX = -Infinity;
		let minY = Infinity;
		let maxY = -Infinity;
		for (let y = 0; y < a.h; y++) {
			for (let x = 0; x < a.w; x++) {
				const i = (y * a.w + x) * 4;
				// Dark ink on the light board.
				if (ink[i]! + ink[i + 1]! + ink[i + 2]! > 3 * 160) continue;
				[minX, maxX, minY, maxY] = [
					Math.min(minX, x),
					Math.max(maxX, x),
					Math.min(minY, y),
					Math.max(maxY, y)
				];
			}
		}
		const edges: number[] = [];
		for (let x = 0; x < a.w && minY <= maxY; x++) {
			let rows = 0;
			for (let y = minY; y <= maxY; y++) if (lines[(y * a.w + x) * 4 + 3]! > 0) rows++;
			if (rows === maxY - minY + 1) edges.push(x);
		}
		return {
			ink: { minX: a.x + minX, maxX: a.x + maxX },
			outline: edges.length < 2 ? null : { minX: a.x + edges[0]!, maxX: a.x + edges.at(-1)! }
		};
	}, area);
}

test('every tool draws in one browser and shows the same geometry in the other', async ({
	browser
}) => {
	relay = await startRelay(RELAY_PORT, tempKeyFile());
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	const roomId = `tools-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);
	let count = 0;

	await test.step('pen (the default tool)', async () => {
		await drawStroke(a.page, zigzag(60, 120));
		await expectElementCount(b.page, ++count, 45_000); // the first waits for the peers to meet
		// Mid-segment: freehand smoothing rounds the zigzag's corners.
		await expectShape(b.page, [
			[80, 140],
			[160, 140]
		]);
	});

	await test.step('highlighter', async () => {
		await selectTool(a.page, 'Highlighter');
		await drag(a.page, [300, 130], [460, 130]);
		await expectElementCount(b.page, ++count);
		await expectShape(b.page, [[380, 130]], [[380, 160]]);
	});

	await test.step('line and arrow', async () => {
		await selectTool(a.page, 'Line');
		await drag(a.page, [60, 220], [200, 300]);
		await selectTool(a.page, 'Arrow');
		await drag(a.page, [560, 220], [700, 300]);
		count += 2;
		await expectElementCount(b.page, count);
		// On the segment, and not where a wrong direction would have put it.
		await expectShape(
			b.page,
			[
				[130, 260],
				[630, 260],
				[696, 297]
			],
			[
				[130, 220],
				[630, 300]
			]
		);
	});

	await test.step('rectangle and ellipse (hollow)', async () => {
		await selectTool(a.page, 'Rectangle');
		await drag(a.page, [300, 220], [450, 300]);
		// Shortcuts work too: O is the ellipse.
		await a.page.keyboard.press('o');
		await expect(a.page.getByRole('button', { name: 'Ellipse', exact: true })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await drag(a.page, [60, 380], [200, 460]);
		count += 2;
		await expectElementCount(b.page, count);
		await expectShape(
			b.page,
			[
				[300, 260],
				[450, 260],
				[375, 220],
				[60, 420],
				[200, 420],
				[130, 380]
			],
			[
				[375, 260],
				[130, 420]
			]
		);
	});

	await test.step('text', async () => {
		await selectTool(a.page, 'Text');
		await a.page.getByLabel('Whiteboard').click({ position: { x: 300, y: 420 } });
		const box = a.page.getByRole('textbox', { name: 'Text' });
		await expect(box).toBeFocused();
		await a.page.keyboard.type('Hello');
		await a.page.keyboard.press('Enter');
		await expect(box).toBeHidden();
		await expectElementCount(b.page, ++count);
		await expectShape(b.page, [[320, 420]], [[420, 420]]);
	});

	await test.step("a text's selection outline covers its ink", async () => {
		// Wide glyphs: far wider than the old estimate of 0.6 em each.
		await a.page.getByLabel('Whiteboard').click({ position: { x: 500, y: 400 } });
		await a.page.keyboard.type('WWWWWW');
		await a.page.keyboard.press('Enter');
		await expectElementCount(a.page, count + 1);
		await selectTool(a.page, 'Select');
		// On the fourth W: far enough from the first click not to count as a double click.
		await a.page.getByLabel('Whiteboard').click({ position: { x: 570, y: 400 } });
		const area = { x: 470, y: 360, w: 300, h: 80 };
		await expect.poll(async () => (await outlineAndInk(a.page, area)).outline).not.toBeNull();
		const { ink, outline } = await outlineAndInk(a.page, area);
		expect(outline!.minX).toBeLessThanOrEqual(ink.minX);
		expect(outline!.maxX).toBeGreaterThanOrEqual(ink.maxX);
		expect(ink.maxX - ink.minX).toBeGreaterThan(6 * 0.6 * 24); // wider than the estimate
		await a.page.keyboard.press('Delete');
		await expectElementCount(b.page, count);
	});

	await test.step('hand pans only the local view', async () => {
		await selectTool(a.page, 'Hand');
		await drag(a.page, [600, 500], [700, 500]);
		await expectShape(a.page, [[400, 260]]); // the rectangle's left edge, 100 px further right
		await expectShape(b.page, [[300, 260]]);
		await drag(a.page, [700, 500], [600, 500]);
		await expectShape(a.page, [[300, 260]]);
	});

	await test.step('eraser removes what it crosses', async () => {
		await selectTool(a.page, 'Eraser');
		await drag(a.page, [80, 100], [80, 180]);
		await expectElementCount(b.page, --count);
		await expectShape(b.page, [], [[80, 140]]);
	});

	await test.step('moving and deleting in B shows in A', async () => {
		await selectTool(b.page, 'Select');
		await drag(b.page, [300, 260], [300, 510]); // the rectangle, by its left edge
		await expectShape(a.page, [[300, 510]], [[300, 260]]);
		await b.page.getByLabel('Whiteboard').click({ position: { x: 630, y: 260 } }); // the arrow
		await b.page.keyboard.press('Delete');
		await expectElementCount(a.page, --count);
		await expectShape(a.page, [], [[630, 260]]);
	});

	await test.step("undo in A takes back A's last change only", async () => {
		await selectTool(b.page, 'Pen');
		await drawStroke(b.page, zigzag(800, 400, 120));
		await expectElementCount(a.page, ++count);
		await selectTool(a.page, 'Pen');
		await drawStroke(a.page, zigzag(800, 520, 120));
		await expectElementCount(b.page, ++count);
		await a.page.keyboard.press('Control+z');
		count--;
		await expectElementCount(a.page, count);
		await expectElementCount(b.page, count);
		for (const page of [a.page, b.page]) await expectShape(page, [[800, 400]], [[800, 520]]);
	});

	await test.step('export downloads an SVG; clear board is undone from its toast', async () => {
		await a.page.getByRole('button', { name: 'Menu' }).click();
		const download = a.page.waitForEvent('download');
		await a.page.getByRole('button', { name: 'Export SVG' }).click();
		expect((await download).suggestedFilename()).toMatch(/^whiteboard-.*\.svg$/);

		await a.page.getByRole('button', { name: 'Menu' }).click();
		await a.page.getByRole('button', { name: 'Clear board' }).click();
		await expectElementCount(b.page, 0);
		await a.page
			.getByRole('status')
			.filter({ hasText: 'Board cleared' })
			.getByRole('button', { name: 'Undo' })
			.click();
		await expectElementCount(b.page, count);
		await expectShape(b.page, [[800, 400]]);
	});

	for (const p of [a, b]) await p.context.close();
});
