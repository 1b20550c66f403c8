import type { NetworkEvent } from '$lib/p2p/events';
import type { Rejection } from '$lib/sync/room-topic';
import type { SyncStreamEvent } from '$lib/sync/sync-stream';

const MAX_LOG_ENTRIES = 200;

/**
 * What happened on a room's network, newest last, for Diagnostics (and the benchmarks' join
 * steps): the last 200 events of the relays, the dialer, the sync stream and refused messages.
 */
export class NetworkLog {
	readonly entries: NetworkEvent[] = [];
	readonly #onChange: () => void;

	constructor(onChange: () => void) {
		this.#onChange = onChange;
	}

	record = (event: Omit<NetworkEvent, 'at'>): void => {
		this.entries.push({ at: Date.now(), ...event });
		if (this.entries.length > MAX_LOG_ENTRIES) {
			this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES);
		}
		this.#onChange();
	};

	rejected = (rejection: Rejection): void => {
		this.record({ kind: 'rejected', peer: rejection.peer, detail: rejection.detail });
	};

	syncEvent = (event: SyncStreamEvent): void => {
		if (event.type === 'exchange') {
			this.record({
				kind: 'synced',
				peer: event.peer,
				detail: `sent ${event.sentBytes} B, received ${event.receivedBytes} B in ${Math.round(event.ms)} ms`
			});
		} else {
			this.record({ kind: 'sync-failed', peer: event.peer, detail: event.error });
		}
	};
}
