import { expect, test, type Page } from '@playwright/test';
import { expectElementCount, openRoom } from './support/board-page.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_DRAFTS_RELAY_PORT ?? 19098);
let relay: RelayHandle | undefined;

test.afterAll(async () => {
	await relay?.stop();
});

type Layer = 'static' | 'overlay';
type InkNear = (layer: Layer, x: number, y: number, radius: number) => boolean;

/**
 * Installs `globalThis.inkNear` in the page: whether one of the board's two canvases has ink
 * within `radius` CSS px of (x, y): a dark pixel on the static layer (opaque, light board), an
 * opaque one on the overlay (transparent).
 */
function installInkNear(page: Page): Promise<void> {
	return page.evaluate(() => {
		const inkNear: InkNear = (layer, x, y, radius) => {
			const [paper, overlay] = document.querySelectorAll<HTMLCanvasElement>(
				'[data-element-count] canvas'
			);
			const canvas = layer === 'static' ? paper : overlay;
			if (canvas == null) return false;
			const scale = canvas.width / canvas.getBoundingClientRect().width;
			const r = Math.round(radius * scale);
			const data = canvas
				.getContext('2d')!
				.getImageData(
					Math.round(x * scale) - r,
					Math.round(y * scale) - r,
					2 * r + 1,
					2 * r + 1
				).data;
			for (let i = 0; i < data.length; i += 4) {
				const dark = data[i]! + data[i + 1]! + data[i + 2]! < 3 * 128;
				if (data[i + 3]! > 128 && (layer === 'overlay' || dark)) return true;
			}
			return false;
		};
		Object.assign(globalThis, { inkNear });
	});
}

/** Whether `layer` has ink within 3 CSS px of (x, y) (installInkNear first). */
function inkOn(page: Page, layer: Layer, x: number, y: number): Promise<boolean> {
	return page.evaluate(
		(at) => (globalThis as unknown as { inkNear: InkNear }).inkNear(at.layer, at.x, at.y, 3),
		{ layer, x, y }
	);
}

/** Pixels of the overlay canvas with anything on them. */
function overlayPixels(page: Page): Promise<number> {
	return page.evaluate(() => {
		const overlay = document.querySelectorAll<HTMLCanvasElement>('[data-element-count] canvas')[1];
		if (overlay == null) return -1;
		const data = overlay.getContext('2d')!.getImageData(0, 0, overlay.width, overlay.height).data;
		let painted = 0;
		for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
		return painted;
	});
}

/**
 * From now on, after every animation frame of the page (the renderer paints only in those), which
 * layer has ink near (x, y): the handover from draft (overlay) to element (static layer) must show
 * exactly one of them in every frame. Stored in globalThis.handover (read errors: handoverErrors).
 */
function sampleFrames(page: Page, x: number, y: number): Promise<void> {
	return page.evaluate(
		({ x, y }) => {
			const { inkNear } = globalThis as unknown as { inkNear: InkNear };
			const samples: Array<{ overlay: boolean; paper: boolean }> = [];
			const errors: string[] = [];
			Object.assign(globalThis, { handover: samples, handoverErrors: errors });
			const frame = () => {
				// After every animation-frame callback of this frame, the renderer's included.
				setTimeout(() => {
					try {
						samples.push({
							overlay: inkNear('overlay', x, y, 2),
							paper: inkNear('static', x, y, 2)
						});
					} catch (error) {
						errors.push(String(error));
					}
					if (samples.length < 2_000) requestAnimationFrame(frame);
				});
			};
			requestAnimationFrame(frame);
		},
		{ x, y }
	);
}

test('a stroke shows on the other screen while it is drawn, then is one element, without a flicker', async ({
	browser
}) => {
	relay = await startRelay(RELAY_PORT, tempKeyFile());
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	const roomId = `drafts-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);
	await installInkNear(b.page);
	// Each sees the other (presence flows), so B will hear A's drafts.
	for (const page of [a.page, b.page]) {
		await expect(
			page.getByRole('list', { name: 'Collaborators' }).getByRole('listitem')
		).toHaveCount(2, { timeout: 30_000 });
	}

	const box = await a.page.getByLabel('Whiteboard').boundingBox();
	if (box == null) throw new Error('the whiteboard canvas is not on screen');
	const y = 300;
	// A draws slowly with the pen (the default tool): down, then a segment at a time, pausing
	// until B shows it; the pen stays down all along.
	await a.page.mouse.move(box.x + 100, box.y + y);
	await a.page.mouse.down();
	for (let x = 150; x <= 450; x += 50) {
		await a.page.mouse.move(box.x + x, box.y + y + (x % 100 === 0 ? 0 : 20), { steps: 5 });
		// B paints the stroke up to here on its overlay, before A's pointer-up...
		await expect.poll(() => inkOn(b.page, 'overlay', x, y + (x % 100 === 0 ? 0 : 20))).toBe(true);
	}
	// ...as a draft only: nothing is committed, nothing is on B's static layer.
	await expectElementCount(b.page, 0);
	await expectElementCount(a.page, 0);
	expect(await inkOn(b.page, 'static', 200, y)).toBe(false);

	await sampleFrames(b.page, 200, y);
	await a.page.mouse.up();

	// After pointer-up B shows exactly one element, on the static layer, and no leftover draft.
	await expectElementCount(b.page, 1);
	await expect.poll(() => inkOn(b.page, 'static', 200, y)).toBe(true);
	await expect.poll(() => overlayPixels(b.page)).toBe(0);
	await expectElementCount(a.page, 1);

	// Every frame B painted through the handover showed the stroke exactly once.
	await expect
		.poll(() =>
			b.page.evaluate(
				() =>
					(globalThis as unknown as { handover: Array<{ paper: boolean }> }).handover.filter(
						(s) => s.paper
					).length
			)
		)
		.toBeGreaterThan(5);
	const samples = await b.page.evaluate(
		() =>
			(globalThis as unknown as { handover: Array<{ overlay: boolean; paper: boolean }> }).handover
	);
	const neither = samples.filter((s) => !s.overlay && !s.paper).length;
	const both = samples.filter((s) => s.overlay && s.paper).length;
	console.log(
		`handover: ${samples.length} frames sampled, ${samples.findIndex((s) => s.paper)} with the draft before the element`
	);
	expect({ neither, both }).toEqual({ neither: 0, both: 0 });
	expect(
		await b.page.evaluate(
			() => (globalThis as unknown as { handoverErrors: string[] }).handoverErrors
		)
	).toEqual([]);
	expect(await b.page.locator('[data-element-count]').getAttribute('data-element-count')).toBe('1');

	await a.context.close();
	await b.context.close();
});

test("a laser pointer's trail shows on the other screen while it moves, fades, and leaves nothing in the document", async ({
	browser
}) => {
	relay ??= await startRelay(RELAY_PORT, tempKeyFile());
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	const roomId = `laser-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);
	await installInkNear(b.page);
	await a.page.keyboard.press('k');
	await expect(a.page.getByRole('button', { name: 'Laser pointer', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);

	const canvas = await a.page.getByLabel('Whiteboard').boundingBox();
	if (canvas == null) throw new Error('no canvas');
	// A points: pressed, moving to and fro over y = 300 (as a presenter would) until B has seen it.
	await a.page.mouse.move(canvas.x + 300, canvas.y + 300);
	await a.page.mouse.down();
	let pointing = true;
	const sweeping = (async () => {
		for (let i = 0; pointing; i++) {
			const x = 300 + ((i * 10) % 200);
			await a.page.mouse.move(canvas.x + x, canvas.y + 300, { steps: 2 });
		}
	})();
	await expect.poll(() => overlayPixels(b.page), { timeout: 15_000 }).toBeGreaterThan(0);
	await expect
		.poll(async () => {
			for (let x = 310; x <= 490; x += 20) if (await inkOn(b.page, 'overlay', x, 300)) return true;
			return false;
		})
		.toBe(true);
	pointing = false;
	await sweeping;
	await a.page.mouse.up();

	// Released: the trail fades away on both screens, and nothing was written.
	await expect.poll(() => overlayPixels(b.page), { timeout: 5_000 }).toBe(0);
	await expect.poll(() => overlayPixels(a.page), { timeout: 5_000 }).toBe(0);
	await expectElementCount(a.page, 0);
	await expectElementCount(b.page, 0);
	await expect(a.page.getByRole('button', { name: 'Undo' })).toBeDisabled();

	await a.context.close();
	await b.context.close();
});
