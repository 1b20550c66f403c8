import { describe, expect, it } from 'vitest';
import type { BoardElement } from '../../src/lib/board/elements';
import { escapeXml, exportSvg, fitScale, MAX_EXPORT_SIDE } from '../../src/lib/export';
import { svgColor } from '../../src/lib/export/svg';
import { paintBounds } from '../../src/lib/renderer/paint-bounds';
import { DARK_THEME } from '../../src/lib/theme/theme';

const base = { x: 10, y: 20, z: 1, createdAt: 0, color: '#1e1e1e', width: 4 };
const points = [
	{ x: 0, y: 0, pressure: 0.5 },
	{ x: 30, y: 10, pressure: 0.5 },
	{ x: 60, y: -5, pressure: 0.5 }
];
const elements: BoardElement[] = [
	{ ...base, id: 'pen', type: 'pen', points },
	{ ...base, id: 'hl', z: 2, type: 'highlighter', width: 16, color: '#ffd43b', points },
	{ ...base, id: 'line', z: 3, type: 'line', dx: 100, dy: 0 },
	{ ...base, id: 'arrow', z: 4, type: 'arrow', x: -200, dx: 50, dy: 50 },
	{ ...base, id: 'rect', z: 5, type: 'rectangle', w: 40, h: 30, fill: '#ff000080' },
	{ ...base, id: 'oval', z: 6, type: 'ellipse', x: 500, y: 300, w: 40, h: 30, fill: null },
	{
		...base,
		id: 'text',
		z: 7,
		type: 'text',
		text: 'Hi <script>alert("x")</script>\n& bye',
		fontSize: 20
	}
];

const count = (svg: string, pattern: RegExp) => svg.match(pattern)?.length ?? 0;
const viewBox = (svg: string) => {
	const m = /viewBox="([^"]+)"/.exec(svg);
	return (m?.[1] ?? '').split(' ').map(Number);
};

describe('exportSvg', () => {
	const svg = exportSvg(elements, { background: null });

	it('writes one SVG element per board element, of the right kind', () => {
		expect(count(svg, /<g transform=/g)).toBe(elements.length);
		expect(count(svg, /<path /g)).toBe(3); // pen outline, highlighter line, arrow
		expect(count(svg, /<line /g)).toBe(1);
		expect(count(svg, /<rect /g)).toBe(1); // no background rect
		expect(count(svg, /<ellipse /g)).toBe(1);
		expect(count(svg, /<text /g)).toBe(1);
		expect(svg).toMatch(
			/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/
		);
	});

	it('keeps stacking order whatever order it is given', () => {
		const reversed = exportSvg([...elements].reverse(), { background: null });
		expect(reversed).toBe(svg);
	});

	it('escapes text: a <script> stays text', () => {
		expect(svg).not.toContain('<script');
		expect(svg).toContain('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
		expect(svg).toContain('>&amp; bye</tspan>');
		expect(count(svg, /<tspan /g)).toBe(2);
	});

	it('covers every element’s ink plus the padding with its viewBox', () => {
		const [x, y, w, h] = viewBox(exportSvg(elements, { padding: 10 }));
		for (const el of elements) {
			const b = paintBounds(el, (text, fontSize) => ({
				width: text.length * fontSize * 0.6,
				height: fontSize * 1.25 * text.split('\n').length
			}));
			expect(b.minX).toBeGreaterThanOrEqual((x as number) + 10);
			expect(b.minY).toBeGreaterThanOrEqual((y as number) + 10);
			expect(b.maxX).toBeLessThanOrEqual((x as number) + (w as number) - 10);
			expect(b.maxY).toBeLessThanOrEqual((y as number) + (h as number) - 10);
		}
	});

	it('paints the background unless it is null, and maps ink in the dark theme', () => {
		const dark = exportSvg(elements.slice(0, 1), { theme: DARK_THEME });
		expect(dark).toContain(`fill="${DARK_THEME.background}"`);
		expect(dark).toContain('fill="#e1e1e1"');
		const light = exportSvg(elements.slice(0, 1));
		expect(light).toContain('fill="#ffffff"');
		expect(light).toContain('fill="#1e1e1e"');
	});

	it('writes colours with alpha as a colour and an opacity (SVG 1.1)', () => {
		expect(svg).toMatch(/<rect [^>]*fill="#ff0000"[^>]* fill-opacity="0\.5"/);
		expect(svgColor('#abc')).toEqual({ color: '#aabbcc', opacity: 1 });
		expect(svgColor('#0000')).toEqual({ color: '#000000', opacity: 0 });
		expect(svgColor('red')).toEqual({ color: '#000000', opacity: 1 });
	});

	it('exports an empty board as an empty page of the padding size', () => {
		expect(viewBox(exportSvg([], { padding: 5 }))).toEqual([-5, -5, 10, 10]);
	});
});

describe('escapeXml', () => {
	it('escapes markup and quotes and drops characters XML cannot hold', () => {
		expect(escapeXml(`<a href='x'>"&"</a>`)).toBe(
			'&lt;a href=&apos;x&apos;&gt;&quot;&amp;&quot;&lt;/a&gt;'
		);
		expect(escapeXml('a\u0000b\u0007c\td\n\uD800e\uD83D\uDE00')).toBe('abc\td\ne\uD83D\uDE00');
	});
});

describe('fitScale', () => {
	it('keeps the requested scale unless the image would exceed the limits', () => {
		expect(fitScale(1000, 800, 2)).toBe(2);
		expect(fitScale(20_000, 100, 1)).toBeCloseTo(MAX_EXPORT_SIDE / 20_000);
		expect(fitScale(8000, 8000, 1) * 8000).toBeLessThanOrEqual(Math.sqrt(32_000_000) + 1e-6);
		expect(fitScale(100, 100, Number.NaN)).toBe(1);
	});
});
