/**
 * Marks the network steps of a join as user-timing marks (`whiteboard:<step>`), which the probe
 * reports with its own (probe.ts, marks()): the node's reservation, the first subscriptions, the
 * first subscriber of the room topic. Benchmarks only (`?probe`); installed as soon as the session
 * exists, which may be before the page has a board to probe (prestart.ts).
 */
import type { RoomSession } from '$lib/room/room-session';

const watched = new WeakSet<RoomSession>();

export function watchJoinSteps(session: RoomSession): void {
	if (watched.has(session)) return;
	watched.add(session);
	const seen = new Set<string>();
	const mark = (step: string): void => {
		if (seen.has(step)) return;
		seen.add(step);
		performance.mark(`whiteboard:${step}`);
	};
	const watch = (): boolean => {
		const node = session.node;
		if (node === undefined) return false;
		// A relay reservation: our /p2p-circuit address exists from now on.
		node.addEventListener('transport:listening', () => mark('reservation'));
		node.services.pubsub.addEventListener('subscription-change', (event) => {
			const room = event.detail.subscriptions.some((s) => s.topic === session.topic);
			mark(room ? 'room-subscriber' : 'subscriptions');
		});
		return true;
	};
	if (watch()) return;
	const onChange = (): void => {
		if (watch()) session.removeEventListener('change', onChange);
	};
	session.addEventListener('change', onChange);
}
