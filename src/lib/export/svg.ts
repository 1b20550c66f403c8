/**
 * SVG export: real vector elements (paths for freehand, <line>/<path> for lines and arrows,
 * <rect>, <ellipse>, <text>; a note is a <rect> and its wrapped <text>), drawn from the same geometry as the canvas. Text is always text:
 * every string is XML-escaped and stripped of characters XML cannot hold.
 */
import type {
	BoardElement,
	FreehandElement,
	LinearElement,
	NoteElement,
	TextElement
} from '$lib/board/elements';
import { formatHexColor, parseHexColor } from '$lib/color';
import { arrowHead, type TextMeasure } from '$lib/geometry/element-bounds';
import { layoutNote, NOTE_INK, notePaper } from '$lib/geometry/note-layout';
import { rectHeight, rectWidth } from '$lib/geometry/rect';
import {
	HIGHLIGHTER_ALPHA,
	penOutline,
	traceCenterline,
	traceOutline
} from '$lib/renderer/freehand';
import {
	PLACEHOLDER_FILL,
	PLACEHOLDER_STROKE,
	TEXT_FONT_FAMILY,
	TEXT_LINE_HEIGHT,
	textLines
} from '$lib/renderer/element-drawing';
import { toBase64 } from 'lib0/buffer';
import { formatSvgNumber as n, SvgPathData } from '$lib/renderer/path-sink';
import { createTextMeasure } from '$lib/renderer/text-measure';
import { createInkMap } from '$lib/theme/ink';
import { resolveExport, type ExportOptions } from './options';

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&apos;'
};

/** Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF): dropped. */
const NOT_XML = new RegExp(
	[
		'[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
		'[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
		'(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]'
	].join('|'),
	'g'
);

/** Text or attribute value, safe inside an XML element or a double- or single-quoted attribute. */
export const escapeXml = (value: string): string =>
	value.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Hex colour (#rgb, #rgba, #rrggbb, #rrggbbaa) as an SVG 1.1 colour and an opacity. */
export function svgColor(hex: string): { color: string; opacity: number } {
	const c = parseHexColor(hex);
	if (c === null) return { color: '#000000', opacity: 1 };
	const alpha = c.a === null ? 1 : c.a / 255;
	return { color: formatHexColor({ ...c, a: null }), opacity: Math.round(alpha * 1000) / 1000 };
}

type Attrs = Record<string, string | number | null>;

function tag(name: string, attrs: Attrs, body?: string): string {
	let out = `<${name}`;
	for (const [key, value] of Object.entries(attrs)) {
		if (value === null) continue;
		out += ` ${key}="${escapeXml(typeof value === 'number' ? n(value) : value)}"`;
	}
	return body === undefined ? `${out}/>` : `${out}>${body}</${name}>`;
}

/** fill/stroke attributes for a colour, with an opacity attribute only when needed. */
function paint(kind: 'fill' | 'stroke', color: string, alpha = 1): Attrs {
	const { color: c, opacity } = svgColor(color);
	const o = Math.round(opacity * alpha * 1000) / 1000;
	return { [kind]: c, [`${kind}-opacity`]: o < 1 ? o : null };
}

const stroke = (color: string, width: number, cap: string, join: string, alpha = 1): Attrs => ({
	fill: 'none',
	...paint('stroke', color, alpha),
	'stroke-width': width,
	'stroke-linecap': cap,
	'stroke-linejoin': join
});

function freehand(el: FreehandElement, ink: (c: string) => string): string {
	const d = new SvgPathData();
	const color = ink(el.color);
	if (el.type === 'pen') {
		traceOutline(d, penOutline(el.points, el.width));
		return tag('path', { d: String(d), ...paint('fill', color) });
	}
	const only = el.points[0];
	if (only !== undefined && el.points.length === 1) {
		const h = el.width / 2;
		const square = { x: only.x - h, y: only.y - h, width: el.width, height: el.width };
		return tag('rect', { ...square, ...paint('fill', color, HIGHLIGHTER_ALPHA) });
	}
	traceCenterline(d, el.points);
	return tag('path', {
		d: String(d),
		...stroke(color, el.width, 'butt', 'round', HIGHLIGHTER_ALPHA)
	});
}

function linear(el: LinearElement, ink: (c: string) => string): string {
	const color = ink(el.color);
	const style = stroke(color, el.width, 'round', 'round');
	if (Math.hypot(el.dx, el.dy) < 1e-6) {
		return tag('circle', { cx: 0, cy: 0, r: el.width / 2, ...paint('fill', color) });
	}
	if (el.type === 'line') return tag('line', { x1: 0, y1: 0, x2: el.dx, y2: el.dy, ...style });
	const [a, b] = arrowHead(el);
	const d = new SvgPathData();
	d.moveTo(0, 0);
	d.lineTo(el.dx, el.dy);
	d.moveTo(a.x - el.x, a.y - el.y);
	d.lineTo(el.dx, el.dy);
	d.lineTo(b.x - el.x, b.y - el.y);
	return tag('path', { d: String(d), ...style });
}

function text(el: TextElement, ink: (c: string) => string): string {
	const lineHeight = el.fontSize * TEXT_LINE_HEIGHT;
	const spans = textLines(el.text)
		.map((line, i) => tag('tspan', { x: 0, y: (i + 0.5) * lineHeight }, escapeXml(line)))
		.join('');
	return tag(
		'text',
		{
			'font-family': TEXT_FONT_FAMILY,
			'font-size': el.fontSize,
			'dominant-baseline': 'central',
			'xml:space': 'preserve',
			...paint('fill', ink(el.color))
		},
		spans
	);
}

/** The paper, and the text laid out as on canvas (note-layout.ts), centred on it. */
function note(el: NoteElement, measure: TextMeasure): string {
	const { lines, fontSize } = layoutNote(el.text, el.w, el.h, measure);
	const lineHeight = fontSize * TEXT_LINE_HEIGHT;
	const top = (el.h - lines.length * lineHeight) / 2;
	const spans = lines
		.map((line, i) =>
			tag('tspan', { x: el.w / 2, y: top + (i + 0.5) * lineHeight }, escapeXml(line))
		)
		.join('');
	const paper = tag('rect', {
		x: 0,
		y: 0,
		width: el.w,
		height: el.h,
		...paint('fill', notePaper(el.color))
	});
	const words = tag(
		'text',
		{
			'font-family': TEXT_FONT_FAMILY,
			'font-size': fontSize,
			'dominant-baseline': 'central',
			'text-anchor': 'middle',
			'xml:space': 'preserve',
			...paint('fill', NOTE_INK)
		},
		spans
	);
	return paper + words;
}

/** One SVG element for one board element, in its local coordinates. */
function elementSvg(
	el: BoardElement,
	ink: (c: string) => string,
	measure: TextMeasure,
	blob: ExportOptions['blob']
): string {
	switch (el.type) {
		case 'pen':
		case 'highlighter':
			return freehand(el, ink);
		case 'line':
		case 'arrow':
			return linear(el, ink);
		case 'rectangle':
		case 'ellipse': {
			const outline = stroke(ink(el.color), el.width, 'butt', 'miter');
			const fill = el.fill === null ? { fill: 'none' } : paint('fill', ink(el.fill));
			const shape: Attrs =
				el.type === 'rectangle'
					? { x: 0, y: 0, width: el.w, height: el.h }
					: { cx: el.w / 2, cy: el.h / 2, rx: el.w / 2, ry: el.h / 2 };
			return tag(el.type === 'rectangle' ? 'rect' : 'ellipse', { ...shape, ...outline, ...fill });
		}
		case 'text':
			return text(el, ink);
		case 'note':
			return note(el, measure);
		case 'image': {
			const bytes = blob?.(el.blob);
			if (bytes === undefined) {
				// Missing bytes: the same placeholder as on screen.
				const box = { x: 0, y: 0, width: el.w, height: el.h };
				return tag('rect', { ...box, fill: PLACEHOLDER_FILL, stroke: PLACEHOLDER_STROKE });
			}
			const href = `data:${el.mime};base64,${toBase64(bytes)}`;
			return tag('image', {
				x: 0,
				y: 0,
				width: el.w,
				height: el.h,
				preserveAspectRatio: 'none',
				href
			});
		}
	}
}

/** The elements as a standalone SVG document; the viewBox covers their ink plus padding. */
export function exportSvg(elements: readonly BoardElement[], options: ExportOptions = {}): string {
	const measure = options.measureText ?? createTextMeasure();
	const { elements: sorted, area, background, theme } = resolveExport(elements, options, measure);
	const ink = createInkMap(theme);
	const w = rectWidth(area);
	const h = rectHeight(area);
	const body: string[] = [];
	if (background !== null) {
		body.push(
			tag('rect', { x: area.minX, y: area.minY, width: w, height: h, ...paint('fill', background) })
		);
	}
	for (const el of sorted) {
		// Each element in its own coordinates, placed by a transform: the same numbers as on canvas.
		body.push(
			tag(
				'g',
				{ transform: `translate(${n(el.x)} ${n(el.y)})` },
				elementSvg(el, ink, measure, options.blob)
			)
		);
	}
	const root = {
		xmlns: 'http://www.w3.org/2000/svg',
		width: w,
		height: h,
		viewBox: `${n(area.minX)} ${n(area.minY)} ${n(w)} ${n(h)}`
	};
	return `<?xml version="1.0" encoding="UTF-8"?>\n${tag('svg', root, `\n${body.join('\n')}\n`)}\n`;
}
