import { expect, test, type Page } from '@playwright/test';
import { expectElementCount, isInkAt, openRoom, selectTool } from './support/board-page.ts';
import { exportSvg } from './support/export.ts';
import { startRelay, tempKeyFile, type RelayHandle } from './support/relay.ts';

const RELAY_PORT = Number(process.env.E2E_NOTES_RELAY_PORT ?? 19091);
let relay: RelayHandle | undefined;

test.afterAll(async () => {
	await relay?.stop();
});

/** The words of the board's notes as exported: each note's wrapped lines joined by spaces. */
async function noteTexts(page: Page): Promise<string[]> {
	const svg = await exportSvg(page);
	const texts = [...svg.matchAll(/<text[^>]*text-anchor="middle"[^>]*>(.*?)<\/text>/g)];
	return texts
		.map(([, spans]) => [...(spans ?? '').matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)])
		.map((lines) => unescapeXml(lines.map(([, line]) => line).join(' ')))
		.sort();
}

const XML_ENTITIES: Record<string, string> = {
	'&amp;': '&',
	'&lt;': '<',
	'&gt;': '>',
	'&quot;': '"',
	'&apos;': "'"
};
const unescapeXml = (text: string): string =>
	text.replace(/&(amp|lt|gt|quot|apos);/g, (entity) => XML_ENTITIES[entity] ?? entity);

async function writeNote(page: Page, at: { x: number; y: number }, text: string): Promise<void> {
	await selectTool(page, 'Sticky note');
	await page.getByLabel('Whiteboard').click({ position: at });
	const box = page.getByRole('textbox', { name: 'Note text' });
	await expect(box).toBeFocused();
	await page.keyboard.type(text);
	await page.keyboard.press('Enter');
	await expect(box).toBeHidden();
}

test("sticky notes: made and edited in one browser, shown with their text in the other; undo takes back only one's own", async ({
	browser
}) => {
	relay = await startRelay(RELAY_PORT, tempKeyFile());
	const relayAddr = `/ip4/127.0.0.1/tcp/${RELAY_PORT}/ws`;
	const roomId = `notes-${Date.now().toString(36)}`;
	const a = await openRoom(browser, roomId, relayAddr);
	const b = await openRoom(browser, roomId, relayAddr);

	await test.step('A writes a note (N is its key); B shows it, paper and text', async () => {
		await a.page.keyboard.press('n');
		await expect(a.page.getByRole('button', { name: 'Sticky note', exact: true })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await writeNote(a.page, { x: 300, y: 250 }, 'Plan the launch');
		await expectElementCount(b.page, 1);
		// The paper fills the note's box, centred on the click, 200 px a side.
		await expect.poll(() => isInkAt(b.page, 220, 180)).toBe(true);
		await expect.poll(() => isInkAt(b.page, 420, 250)).toBe(false);
		await expect.poll(() => noteTexts(b.page)).toEqual(['Plan the launch']);
	});

	await test.step('B writes its own; A edits its note with a double-click; B sees the edit', async () => {
		await writeNote(b.page, { x: 750, y: 250 }, "B's idea");
		await expectElementCount(a.page, 2);
		await selectTool(a.page, 'Select');
		await a.page.getByLabel('Whiteboard').dblclick({ position: { x: 300, y: 250 } });
		const box = a.page.getByRole('textbox', { name: 'Note text' });
		await expect(box).toBeFocused();
		await expect(box).toHaveValue('Plan the launch');
		await a.page.keyboard.type(' today');
		await a.page.keyboard.press('Enter');
		await expect.poll(() => noteTexts(b.page)).toEqual(["B's idea", 'Plan the launch today']);
	});

	await test.step("undo in A takes back A's edit, then A's note; B's stays", async () => {
		await a.page.keyboard.press('Control+z');
		await expect.poll(() => noteTexts(b.page)).toEqual(["B's idea", 'Plan the launch']);
		await a.page.keyboard.press('Control+z');
		await expectElementCount(b.page, 1);
		await expect.poll(() => noteTexts(b.page)).toEqual(["B's idea"]);
		await expect.poll(() => noteTexts(a.page)).toEqual(["B's idea"]);
	});

	for (const p of [a, b]) await p.context.close();
});
