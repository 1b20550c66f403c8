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
	/** Why trials failed or were skipped (timeouts, page errors). */
	failures: string[];
}

export type ScenarioResult = Partial<Record<SystemName, SystemResult>>;

export function emptyResult(): SystemResult {
	return { samples: {}, failures: [] };
}

export function record(result: SystemResult, metric: string, ...values: number[]): void {
	(result.samples[metric] ??= []).push(...values);
}

export function message(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
