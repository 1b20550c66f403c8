import { createSubscriber } from 'svelte/reactivity';
import type { RoomSession } from '$lib/room/room-session';
import { snapshot, type DiagnosticsSnapshot } from './snapshot';

/** Libp2p events after which the picture may have changed. */
const NODE_EVENTS = [
	'connection:open',
	'connection:close',
	'self:peer:update',
	'peer:identify'
] as const;

/**
 * How often to refresh anyway: round-trip times, bytes and topic peers change without an event.
 * Only while observed (the panel is open): a closed panel costs nothing.
 */
const REFRESH_MS = 1000;

/**
 * Bridges the session's libp2p node into runes: `current` is a fresh snapshot whenever the node
 * reports a change (coalesced to one per animation frame) and once a second while observed.
 */
export class Diagnostics {
	readonly #session: RoomSession;
	#current = $state.raw<DiagnosticsSnapshot>() as DiagnosticsSnapshot;
	readonly #subscribe: () => void;

	constructor(session: RoomSession) {
		this.#session = session;
		this.#current = snapshot(session);
		this.#subscribe = createSubscriber((update) => {
			let frame = 0;
			const refresh = (): void => {
				if (frame !== 0) return;
				frame = requestAnimationFrame(() => {
					frame = 0;
					this.#current = snapshot(this.#session);
					update();
				});
			};
			// WebRTC byte counts come from the browser's statistics, read asynchronously.
			const node = session.node;
			const tick = (): void => {
				if (node == null) refresh();
				else void node.services.traffic.refresh().then(refresh);
			};
			const timer = setInterval(tick, REFRESH_MS);
			session.addEventListener('change', refresh);
			for (const name of NODE_EVENTS) node?.addEventListener(name, refresh);
			node?.services.pubsub.addEventListener('subscription-change', refresh);
			tick();
			return () => {
				clearInterval(timer);
				cancelAnimationFrame(frame);
				session.removeEventListener('change', refresh);
				for (const name of NODE_EVENTS) node?.removeEventListener(name, refresh);
				node?.services.pubsub.removeEventListener('subscription-change', refresh);
			};
		});
	}

	get current(): DiagnosticsSnapshot {
		this.#subscribe();
		return this.#current;
	}
}
