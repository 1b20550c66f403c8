/**
 * One benchmark peer: a page in its own browser context (own storage, own network identity), with
 * the wire counters installed, driven through the page's probe.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { BoardProbe, DrawnStroke, StrokeRun } from '../../src/lib/probe/probe.ts';

/** The probe's methods (what a benchmark may call in the page). */
type ProbeMethod = {
	[K in keyof BoardProbe]: BoardProbe[K] extends (...args: never[]) => unknown ? K : never;
}[keyof BoardProbe];
import type { System } from './systems.ts';
import { wireCounterScript, type WireCounts } from './wire-counter.ts';

export class Peer {
	readonly system: System;
	readonly context: BrowserContext;
	readonly page: Page;
	readonly errors: string[] = [];

	private constructor(system: System, context: BrowserContext, page: Page) {
		this.system = system;
		this.context = context;
		this.page = page;
		const keep = (text: string) => {
			if (this.errors.length < 50) this.errors.push(text);
		};
		page.on('pageerror', (error) => keep(error.message));
		page.on('console', (entry) => {
			if (entry.type() === 'error') keep(entry.text());
		});
	}

	/** Opens the system's room link in a fresh context and waits for the page's probe. */
	static async open(browser: Browser, system: System, room: string): Promise<Peer> {
		const context = await browser.newContext({
			viewport: { width: 1100, height: 750 },
			// Without media permission Chromium gathers no host ICE candidates on loopback.
			permissions: ['microphone', 'camera']
		});
		await context.addInitScript({ content: wireCounterScript() });
		const page = await context.newPage();
		const peer = new Peer(system, context, page);
		await page.goto(system.roomUrl(room));
		await page.waitForFunction(() => globalThis.whiteboardProbe !== undefined, undefined, {
			timeout: 30_000
		});
		return peer;
	}

	/** Calls a method of the page's probe, in the page. */
	call<K extends ProbeMethod>(
		method: K,
		...args: Parameters<BoardProbe[K]>
	): Promise<Awaited<ReturnType<BoardProbe[K]>>> {
		return this.page.evaluate(
			({ method, args }) => {
				const probe = globalThis.whiteboardProbe as unknown as Record<
					string,
					(...values: unknown[]) => unknown
				>;
				return probe[method]?.(...args);
			},
			{ method, args: args as unknown[] }
		) as Promise<Awaited<ReturnType<BoardProbe[K]>>>;
	}

	timeOrigin(): Promise<number> {
		return this.page.evaluate(() => performance.timeOrigin);
	}

	waitLinked(timeoutMs: number): Promise<number> {
		return this.call('waitLinked', timeoutMs);
	}

	draw(run: StrokeRun): Promise<DrawnStroke[]> {
		return this.call('drawStrokes', run);
	}

	waitForCount(count: number, timeoutMs: number): Promise<number> {
		return this.call('waitForCount', count, timeoutMs);
	}

	waitForPaintedCount(count: number, timeoutMs: number): Promise<number> {
		return this.call('waitForPaintedCount', count, timeoutMs);
	}

	digest(): Promise<string> {
		return this.call('digest');
	}

	wire(): Promise<WireCounts> {
		return this.page.evaluate(() => {
			if (globalThis.whiteboardWire === undefined) throw new Error('wire counters missing');
			return globalThis.whiteboardWire.read();
		});
	}

	async close(): Promise<void> {
		await this.context.close();
	}
}
