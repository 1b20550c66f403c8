/**
 * Drawing in the baseline page exactly as in our app, on a stock provider's Awareness: the pen
 * (the real ToolController, fed by the same DOM translation), our draft shared through the same
 * Presence (frame-aligned, board/draft-codec), the others' drafts through the same RemoteDrafts,
 * painted by the same renderer. Only the network below the Awareness differs.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { Board } from '$lib/board/board';
import type { Point } from '$lib/geometry/point';
import { IDENTITY_VIEWPORT, type Viewport } from '$lib/geometry/viewport';
import { IdentityStore } from '$lib/presence/identity';
import { Presence } from '$lib/presence/presence.svelte.ts';
import { RemoteDrafts } from '$lib/presence/remote-drafts';
import { BoardRenderer, type FrameStats } from '$lib/renderer/board-renderer';
import { createTextMeasure } from '$lib/renderer/text-measure';
import { toolInputsFromEvent } from '$lib/tools/dom-pointer-input';
import { DraftShare } from '$lib/tools/draft-share';
import { DEFAULT_STYLE } from '$lib/tools/style';
import { ToolController } from '$lib/tools/tool-controller';
import type { ToolPointerType } from '$lib/tools/tool-input';

export interface DrawingOptions {
	board: Board;
	awareness: Awareness;
	staticCanvas: HTMLCanvasElement;
	overlayCanvas: HTMLCanvasElement;
	onFrame: (stats: Readonly<FrameStats>) => void;
}

export function startDrawing(o: DrawingOptions): BoardRenderer {
	const viewport: Viewport = { ...IDENTITY_VIEWPORT };
	const textMeasure = createTextMeasure();
	const presence = new Presence(o.awareness, new IdentityStore(null));
	const remoteDrafts = new RemoteDrafts({ awareness: o.awareness, board: o.board });
	// The renderer reads the controller's overlay only when it paints (after the first resize).
	const renderer: BoardRenderer = new BoardRenderer({
		board: o.board,
		staticCanvas: o.staticCanvas,
		overlayCanvas: o.overlayCanvas,
		getOverlay: () => controller.overlay(),
		getRemoteDrafts: () => remoteDrafts.drafts(),
		textMeasure,
		onFrame: o.onFrame
	});
	const controller = new ToolController({
		board: o.board,
		viewport: {
			get: () => viewport,
			set: () => {},
			size: () => ({ width: o.overlayCanvas.clientWidth, height: o.overlayCanvas.clientHeight })
		},
		style: () => DEFAULT_STYLE,
		textMeasure,
		initialTool: 'pen',
		onInvalidate: () => {
			renderer.invalidateOverlay();
			presence.draftChanged();
		}
	});
	const share = new DraftShare(o.board, () => controller.overlay());
	presence.shareDrafts(() => share.read());
	remoteDrafts.onChange(() => renderer.invalidateOverlay());
	remoteDrafts.start();

	const canvas = o.overlayCanvas;
	const origin = (): Point => {
		const rect = canvas.getBoundingClientRect();
		return { x: rect.left, y: rect.top };
	};
	const inputs = (event: PointerEvent, type: ToolPointerType) =>
		toolInputsFromEvent(event, type, origin(), viewport);
	canvas.style.touchAction = 'none';
	canvas.addEventListener('pointerdown', (event) => {
		if (event.button !== 0) return;
		event.preventDefault();
		const [input] = inputs(event, 'pointerdown');
		if (input && controller.pointerDown(input, { touch: false, pan: false })) {
			canvas.setPointerCapture(event.pointerId);
		}
	});
	canvas.addEventListener('pointermove', (event) => {
		const all = inputs(event, 'pointermove');
		for (const input of all) controller.pointerMove(input, false);
		const last = all.at(-1);
		if (last) presence.setCursor({ x: last.x, y: last.y });
	});
	const end = (type: ToolPointerType) => (event: PointerEvent) => {
		for (const input of inputs(event, type)) controller.pointerEnd(input, false);
	};
	canvas.addEventListener('pointerup', end('pointerup'));
	canvas.addEventListener('pointercancel', end('pointercancel'));
	return renderer;
}
