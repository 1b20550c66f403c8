/** How Diagnostics writes sizes, ages and ids: short, and readable at a glance. */

export const formatBytes = (bytes: number): string =>
	bytes < 1024
		? `${bytes} B`
		: bytes < 1024 * 1024
			? `${(bytes / 1024).toFixed(1)} KiB`
			: `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export const formatAge = (ms: number): string =>
	ms < 60_000
		? `${Math.round(ms / 1000)} s`
		: ms < 3_600_000
			? `${Math.round(ms / 60_000)} min`
			: `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;

export const shortId = (id: string): string =>
	id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id;

/** A reservation's state: whether it is held and, when known, how long it still runs. */
export function reservationText(
	reserved: boolean,
	expiresAt: number | undefined,
	now: number
): string {
	if (!reserved) return 'no';
	return expiresAt == null ? 'yes' : `yes, ${formatAge(Math.max(0, expiresAt - now))} left`;
}

const ROUTES: Record<string, string> = {
	live: 'live links',
	direct: 'room topic',
	fallback: 'through the relay'
};

/** How our last room message travelled, for Diagnostics. */
export function routeText(route: string): string {
	return ROUTES[route] ?? route;
}
