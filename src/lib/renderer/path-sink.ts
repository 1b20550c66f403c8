/**
 * The subset of CanvasPath the element tracers use. Path2D fits it and so does SvgPathData below,
 * so one tracer feeds the screen, the PNG and the SVG export.
 */
export interface PathSink {
	moveTo(x: number, y: number): void;
	lineTo(x: number, y: number): void;
	quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void;
	ellipse(
		x: number,
		y: number,
		radiusX: number,
		radiusY: number,
		rotation: number,
		startAngle: number,
		endAngle: number
	): void;
	closePath(): void;
}

const fmt = (n: number): string => {
	const s = n.toFixed(2);
	// "12.50" -> "12.5", "3.00" -> "3", "-0.00" -> "0": shorter output, same geometry.
	const t = s.includes('.') ? s.replace(/\.?0+$/, '') : s;
	return t === '-0' ? '0' : t;
};

/** Records SVG path data ("M1,2 L3,4 ..."). Only full-ellipse arcs are supported. */
export class SvgPathData implements PathSink {
	readonly #parts: string[] = [];

	toString(): string {
		return this.#parts.join(' ');
	}

	moveTo(x: number, y: number): void {
		this.#parts.push(`M${fmt(x)},${fmt(y)}`);
	}

	lineTo(x: number, y: number): void {
		this.#parts.push(`L${fmt(x)},${fmt(y)}`);
	}

	quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void {
		this.#parts.push(`Q${fmt(cpx)},${fmt(cpy)} ${fmt(x)},${fmt(y)}`);
	}

	ellipse(x: number, y: number, rx: number, ry: number): void {
		// Two half arcs: a single SVG arc cannot start and end on the same point.
		this.#parts.push(
			`M${fmt(x + rx)},${fmt(y)}`,
			`A${fmt(rx)},${fmt(ry)} 0 1 1 ${fmt(x - rx)},${fmt(y)}`,
			`A${fmt(rx)},${fmt(ry)} 0 1 1 ${fmt(x + rx)},${fmt(y)}`
		);
	}

	closePath(): void {
		this.#parts.push('Z');
	}
}

export const formatSvgNumber = fmt;
