import type { RoomSessionOptions } from '$lib/room/room-session';

/**
 * `?compact=<n>`: compact the relay's copy after every n entries instead of the default policy
 * (README, "Configuration of the app"; tests use it to make compaction happen while they draw).
 */
export function compactionFromQuery(search: string): RoomSessionOptions | undefined {
	const raw = new URLSearchParams(search).get('compact');
	const entries = Number(raw);
	if (raw == null || !Number.isSafeInteger(entries) || entries < 1) return undefined;
	return { compaction: { maxEntries: entries, minBytes: Number.MAX_SAFE_INTEGER } };
}
