/**
 * The table printed at the end of a run (and written into the README with --readme): one row per
 * figure, ours next to y-webrtc and y-websocket, the ratio of medians, and the product's target.
 */
import type { ScenarioResult } from './context.ts';
import { summarize, type Summary } from './stats.ts';
import type { SystemName } from './systems.ts';

type Unit = 'ms' | 'B';

interface Row {
	scenario: string;
	metric: string;
	label: string;
	unit: Unit;
	/** Show p50 / p95 (timings), p50 / p95 / max (tails that matter), or the mean (bytes). */
	show: 'p50-p95' | 'p50-p95-max' | 'mean';
	target?: { text: string; met: (s: Summary, ref: TargetReference) => boolean };
}

/** What a target may compare ours with: the raw update, and the baselines in the same run. */
interface TargetReference {
	raw: Summary | null;
	webrtc: Summary | null;
	websocket: Summary | null;
}

/** ours <= `factor` × y-webrtc at the percentile (false when y-webrtc has no sample). */
const withinOfWebrtc = (
	s: Summary,
	ref: TargetReference,
	at: 'p50' | 'p95',
	factor: number
): boolean => ref.webrtc !== null && s[at] <= factor * ref.webrtc[at];

const ROWS: Row[] = [
	{
		scenario: 'join',
		metric: 'link',
		label: 'Join: page load -> direct link',
		unit: 'ms',
		show: 'p50-p95',
		target: {
			text: 'p50 <= 2x y-webrtc',
			met: (s, ref) => withinOfWebrtc(s, ref, 'p50', 2)
		}
	},
	{
		scenario: 'join',
		metric: 'painted',
		label: 'Join: page load -> first remote stroke painted (ours: relay copy)',
		unit: 'ms',
		show: 'p50-p95-max',
		target: {
			text: 'p50 <= 1x (with a relay copy), p95 <= 1.5x y-webrtc; none over 3 s',
			met: (s, ref) =>
				withinOfWebrtc(s, ref, 'p50', 1) && withinOfWebrtc(s, ref, 'p95', 1.5) && s.max <= 3000
		}
	},
	{
		scenario: 'latency',
		metric: 'a-to-b',
		label: 'Stroke A -> B: applied',
		unit: 'ms',
		show: 'p50-p95',
		target: {
			text: 'p50 <= 1.2x y-webrtc, p95 <= 8 ms',
			met: (s, ref) => withinOfWebrtc(s, ref, 'p50', 1.2) && s.p95 <= 8
		}
	},
	{
		scenario: 'latency',
		metric: 'b-to-a',
		label: 'Stroke B -> A: applied',
		unit: 'ms',
		show: 'p50-p95',
		target: {
			text: 'p50 <= 1.2x y-webrtc, p95 <= 8 ms',
			met: (s, ref) => withinOfWebrtc(s, ref, 'p50', 1.2) && s.p95 <= 8
		}
	},
	{
		scenario: 'latency',
		metric: 'a-to-b-paint',
		label: 'Stroke: applied -> painted',
		unit: 'ms',
		show: 'p50-p95',
		target: { text: 'p95 <= 1 frame (16.7 ms)', met: (s) => s.p95 <= 16.7 }
	},
	{
		scenario: 'in-progress',
		metric: 'point-painted',
		label: 'In progress: pointer move A -> draft point painted in B',
		unit: 'ms',
		show: 'p50-p95',
		target: { text: 'p95 <= 2 frames (33 ms)', met: (s) => s.p95 <= 33.4 }
	},
	{
		scenario: 'in-progress',
		metric: 'sent-per-stroke',
		label: 'In progress: sent per 40-move stroke, all sockets',
		unit: 'B',
		show: 'mean'
	},
	{
		// From page load: ours usually has the board from the relay's copy before the direct link.
		scenario: 'late-join',
		metric: 'synced-from-load',
		label: 'Late join, {late} strokes: page load -> synced',
		unit: 'ms',
		show: 'p50-p95'
	},
	{
		scenario: 'late-join',
		metric: 'painted-from-load',
		label: 'Late join, {late} strokes: page load -> painted',
		unit: 'ms',
		show: 'p50-p95'
	},
	{
		scenario: 'late-join',
		metric: 'alone-painted-from-load',
		label:
			'Late join, {late} strokes, nobody online: page load -> painted (ours: relay copy; y-websocket: its server)',
		unit: 'ms',
		show: 'p50-p95',
		target: {
			text: 'p50 <= y-websocket',
			met: (s, ref) => ref.websocket !== null && s.p50 <= ref.websocket.p50
		}
	},
	{
		scenario: 'latency',
		metric: 'raw-update',
		label: 'Raw Yjs update per stroke',
		unit: 'B',
		show: 'mean'
	},
	{
		scenario: 'latency',
		metric: 'wire-payload',
		label: 'Sent per stroke, data path payload',
		unit: 'B',
		show: 'mean',
		target: {
			text: '<= 1.3 x raw, <= 2 KB',
			met: (s, ref) => ref.raw !== null && s.mean <= 1.3 * ref.raw.mean && s.mean <= 2048
		}
	},
	{
		scenario: 'latency',
		metric: 'wire-total',
		label: 'Sent per stroke, data path on the wire',
		unit: 'B',
		show: 'mean'
	},
	{
		scenario: 'latency',
		metric: 'wire-all-sockets',
		label: 'Sent per stroke, all sockets (payload)',
		unit: 'B',
		show: 'mean',
		target: {
			text: '<= 1.4 x raw',
			met: (s, ref) => ref.raw !== null && s.mean <= 1.4 * ref.raw.mean
		}
	},
	{
		scenario: 'latency',
		metric: 'server-cpu',
		label: 'Server CPU per stroke (relay / signalling / server)',
		unit: 'ms',
		show: 'mean'
	},
	{
		scenario: 'room-size',
		metric: 'converged-2',
		label: 'Room of 2: last edit -> converged',
		unit: 'ms',
		show: 'p50-p95'
	},
	{
		scenario: 'room-size',
		metric: 'converged-4',
		label: 'Room of 4: last edit -> converged',
		unit: 'ms',
		show: 'p50-p95'
	},
	{
		scenario: 'room-size',
		metric: 'converged-8',
		label: 'Room of 8: last edit -> converged',
		unit: 'ms',
		show: 'p50-p95-max',
		target: { text: 'every round <= 1000 ms', met: (s) => s.max <= 1000 }
	},
	{
		scenario: 'room-size',
		metric: 'mesh-8',
		label: 'Room of 8: first page load -> every browser linked to all (pages opened one by one)',
		unit: 'ms',
		show: 'mean'
	},
	{
		scenario: 'render',
		metric: 'frame-p50',
		label: 'Render {render} strokes: pan/zoom frame p50',
		unit: 'ms',
		show: 'mean'
	},
	{
		scenario: 'render',
		metric: 'frame-p95',
		label: 'Render {render} strokes: pan/zoom frame p95',
		unit: 'ms',
		show: 'mean',
		target: { text: '<= 16.7 ms', met: (s) => s.mean <= 16.7 }
	}
];

export interface TableRow {
	label: string;
	cells: Record<SystemName, string>;
	summaries: Partial<Record<SystemName, Summary | null>>;
	ratios: { 'y-webrtc': string; 'y-websocket': string };
	target: string;
}

const BASELINES = ['y-webrtc', 'y-websocket'] as const;

function value(s: Summary, row: Row): number {
	return row.show === 'mean' ? s.mean : s.p50;
}

function format(s: Summary | null | undefined, row: Row, failures: number): string {
	if (s == null) return failures > 0 ? 'failed' : '-';
	const n = (v: number) => (row.unit === 'B' ? v.toFixed(0) : v < 10 ? v.toFixed(1) : v.toFixed(0));
	const text =
		row.show === 'mean'
			? `${n(s.mean)} ${row.unit}`
			: row.show === 'p50-p95-max'
				? `${n(s.p50)} / ${n(s.p95)} / ${n(s.max)} ${row.unit}`
				: `${n(s.p50)} / ${n(s.p95)} ${row.unit}`;
	return failures > 0 ? `${text} (${failures} failed)` : text;
}

/** Board sizes the labels name (they differ with --quick). */
export interface TableSizes {
	late: number;
	render: number;
}

export function buildTable(
	scenarios: Record<string, ScenarioResult>,
	sizes: TableSizes
): TableRow[] {
	const rows: TableRow[] = [];
	for (const row of ROWS) {
		const scenario = scenarios[row.scenario];
		if (scenario === undefined) continue;
		const summaries: TableRow['summaries'] = {};
		const cells = {} as Record<SystemName, string>;
		for (const name of ['ours', ...BASELINES] as const) {
			const result = scenario[name];
			const s = result ? summarize(result.samples[row.metric] ?? []) : undefined;
			summaries[name] = s;
			const failures = result?.failures.length ?? 0;
			cells[name] = result === undefined ? 'n/a' : format(s, row, s == null ? failures : 0);
		}
		const ours = summaries.ours;
		const ratio = (base: Summary | null | undefined): string =>
			ours && base && value(base, row) > 0
				? `${(value(ours, row) / value(base, row)).toFixed(2)}x`
				: '-';
		const raw = summarize(scenario.ours?.samples['raw-update'] ?? []);
		let target = row.target?.text ?? '';
		const reference = {
			raw,
			webrtc: summaries['y-webrtc'] ?? null,
			websocket: summaries['y-websocket'] ?? null
		};
		if (row.target && ours) target += row.target.met(ours, reference) ? ' (met)' : ' (MISSED)';
		rows.push({
			label: row.label
				.replace('{late}', sizes.late.toLocaleString('en'))
				.replace('{render}', sizes.render.toLocaleString('en')),
			cells,
			summaries,
			ratios: {
				'y-webrtc': ratio(summaries['y-webrtc']),
				'y-websocket': ratio(summaries['y-websocket'])
			},
			target
		});
	}
	return rows;
}

const HEADER = [
	'Figure (p50 / p95 [/ max], or mean)',
	'ours',
	'y-webrtc',
	'y-websocket',
	'ours ÷ y-webrtc',
	'ours ÷ y-websocket',
	'target (ours)'
];

function columns(rows: TableRow[]): string[][] {
	return rows.map((r) => [
		r.label,
		r.cells.ours,
		r.cells['y-webrtc'],
		r.cells['y-websocket'],
		r.ratios['y-webrtc'],
		r.ratios['y-websocket'],
		r.target
	]);
}

export function textTable(rows: TableRow[]): string {
	const all = [HEADER, ...columns(rows)];
	const widths = HEADER.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
	const line = (r: string[]) =>
		r
			.map((c, i) => c.padEnd(widths[i] ?? 0))
			.join('  ')
			.trimEnd();
	return [
		line(HEADER),
		widths.map((w) => '-'.repeat(w)).join('  '),
		...columns(rows).map(line)
	].join('\n');
}

export function markdownTable(rows: TableRow[]): string {
	const line = (r: string[]) => `| ${r.join(' | ')} |`;
	return [line(HEADER), line(HEADER.map(() => '---')), ...columns(rows).map(line)].join('\n');
}
