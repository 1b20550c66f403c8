/** What every scenario gets, and what it returns: raw samples per system and metric. */
import type { Browser } from '@playwright/test';
import type { System, SystemName } from './systems.ts';

export interface BenchContext {
	browser: Browser;
	systems: readonly System[];
	/** A room id nobody used before in this run. */
	room(label: string): string;
	log(message: string): void;
}

export interface SystemResult {
	/** Metric name -> samples (milliseconds, bytes, ...), every trial's raw value. */
	samples: Record<string, number[]>;
	/** Why trials failed (timeouts, page errors): a cell without samples reads "failed". */
	failures: string[];
	/** What a failure left to explain it (page errors, refused sends). */
	notes: string[];
}

export type ScenarioResult = Partial<Record<SystemName, SystemResult>>;

export function emptyResult(): SystemResult {
	return { samples: {}, failures: [], notes: [] };
}

export function record(result: SystemResult, metric: string, ...values: number[]): void {
	(result.samples[metric] ??= []).push(...values);
}

/** Runs `measure` for each system in turn, each recording into its own result. */
export async function forEachSystem(
	ctx: BenchContext,
	measure: (system: System, out: SystemResult) => Promise<void>
): Promise<ScenarioResult> {
	const result: ScenarioResult = {};
	for (const system of ctx.systems) await measure(system, (result[system.name] = emptyResult()));
	return result;
}

/** Records a failed trial (`what` names it) and says so in the log. */
export function fail(ctx: BenchContext, out: SystemResult, what: string, error: unknown): void {
	out.failures.push(`${what}: ${message(error)}`);
	ctx.log(`${what}: FAILED ${message(error)}`);
}

export function message(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
