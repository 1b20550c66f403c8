/**
 * A visual check (bench/render.ts --gallery): every element type, a draft, a selection with its
 * handles and a marquee, in the light and the dark theme, plus the PNG and SVG exports of the
 * same elements. Returns images as data URLs; the runner writes them to files.
 */
import * as Y from 'yjs';
import { Board } from '$lib/board/board';
import type { ElementInput, StrokePoint } from '$lib/board/elements';
import { exportPng, exportSvg } from '$lib/export';
import { BoardRenderer } from '$lib/renderer/board-renderer';
import { createTextMeasure } from '$lib/renderer/text-measure';
import type { OverlayState } from '$lib/tools/overlay-state';
import { DARK_THEME, LIGHT_THEME, type Theme } from '$lib/theme/theme';

const wave = (n: number, pressure: (i: number) => number): StrokePoint[] =>
	Array.from({ length: n }, (_, i) => ({
		x: i * 4,
		y: Math.sin(i / 6) * 25,
		pressure: pressure(i)
	}));

const INPUTS: ElementInput[] = [
	{ type: 'pen', x: 40, y: 60, color: '#1e1e1e', width: 6, points: wave(60, () => 0.5) },
	{
		type: 'pen',
		x: 40,
		y: 130,
		color: '#1971c2',
		width: 8,
		points: wave(60, (i) => 0.2 + (i / 60) * 0.8)
	},
	{ type: 'highlighter', x: 30, y: 60, color: '#ffd43b', width: 24, points: wave(70, () => 0.5) },
	{ type: 'line', x: 320, y: 40, color: '#1e1e1e', width: 3, dx: 160, dy: 40 },
	{ type: 'arrow', x: 320, y: 110, color: '#e03131', width: 4, dx: 170, dy: -20 },
	{ type: 'arrow', x: 320, y: 150, color: '#1e1e1e', width: 12, dx: 120, dy: 50 },
	{ type: 'rectangle', x: 40, y: 220, color: '#1e1e1e', width: 3, w: 140, h: 90, fill: null },
	{ type: 'rectangle', x: 200, y: 220, color: '#2f9e44', width: 4, w: 120, h: 90, fill: '#b2f2bb' },
	{ type: 'ellipse', x: 340, y: 220, color: '#1e1e1e', width: 3, w: 150, h: 90, fill: '#ffc9c980' },
	{
		type: 'text',
		x: 40,
		y: 330,
		color: '#1e1e1e',
		width: 1,
		text: 'Sprint 14 retro\n<b>not bold</b> & escaped',
		fontSize: 24
	}
];

async function screen(board: Board, ids: string[], theme: Readonly<Theme>): Promise<string> {
	const stage = document.createElement('div');
	const staticCanvas = document.createElement('canvas');
	const overlayCanvas = document.createElement('canvas');
	stage.append(staticCanvas, overlayCanvas);
	const overlay: OverlayState = {
		draft: {
			id: 'draft',
			type: 'pen',
			x: 330,
			y: 360,
			z: 0,
			createdAt: 0,
			color: '#e03131',
			width: 5,
			points: wave(30, () => 0.5)
		},
		selection: [ids[6] ?? '', ids[8] ?? ''],
		marquee: { minX: 20, minY: 200, maxX: 510, maxY: 330 },
		hidden: [],
		laser: []
	};
	const renderer = new BoardRenderer({
		board,
		staticCanvas,
		overlayCanvas,
		getOverlay: () => overlay,
		textMeasure: createTextMeasure(),
		theme,
		requestFrame: () => 0,
		cancelFrame: () => {}
	});
	renderer.resize(540, 420, 2);
	renderer.destroy();
	// Flatten both layers into one image.
	const out = document.createElement('canvas');
	out.width = staticCanvas.width;
	out.height = staticCanvas.height;
	const ctx = out.getContext('2d');
	ctx?.drawImage(staticCanvas, 0, 0);
	ctx?.drawImage(overlayCanvas, 0, 0);
	return out.toDataURL('image/png');
}

const dataUrl = (blob: Blob): Promise<string> =>
	new Promise((resolve) => {
		const reader = new FileReader();
		reader.onload = () => resolve(String(reader.result));
		reader.readAsDataURL(blob);
	});

/** The SVG as the browser draws it (checks that it is valid and looks like the canvas). */
async function rasteriseSvg(svg: string): Promise<string> {
	const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
	const img = new Image();
	await new Promise((resolve, reject) => {
		img.onload = resolve;
		img.onerror = () => reject(new Error('the exported SVG does not load'));
		img.src = url;
	});
	URL.revokeObjectURL(url);
	const canvas = document.createElement('canvas');
	canvas.width = img.naturalWidth * 2;
	canvas.height = img.naturalHeight * 2;
	canvas.getContext('2d')?.drawImage(img, 0, 0, canvas.width, canvas.height);
	return canvas.toDataURL('image/png');
}

export async function gallery(): Promise<Record<string, string>> {
	const board = new Board(new Y.Doc());
	const ids = INPUTS.map((input) => board.add(input));
	const elements = board.elements();
	return {
		'export-svg-as-drawn.png': await rasteriseSvg(exportSvg(elements)),
		'screen-light.png': await screen(board, ids, LIGHT_THEME),
		'screen-dark.png': await screen(board, ids, DARK_THEME),
		'export.png': await dataUrl(await exportPng(elements, { scale: 2 })),
		'export-dark.png': await dataUrl(await exportPng(elements, { theme: DARK_THEME })),
		'export.svg': `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(exportSvg(elements))))}`
	};
}
