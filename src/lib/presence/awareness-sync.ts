import type { GossipSub, Message, SubscriptionChangeData } from '@libp2p/gossipsub';
import type { Libp2p, PeerId } from '@libp2p/interface';
import {
	applyAwarenessUpdate,
	encodeAwarenessUpdate,
	removeAwarenessStates,
	type Awareness
} from 'y-protocols/awareness';
import {
	decodeAwarenessUpdate,
	encodeAwarenessEntries,
	type AwarenessEntry
} from './awareness-codec';
import { parsePresenceState } from './presence-state';
import { systemTimers, Throttle, type ThrottleTimers } from './presence-throttle';
import type { RoomChannel } from '$lib/sync/room-channel';
import { ROOM_MESSAGE_AWARENESS } from '$lib/sync/room-messages';

/**
 * Presence timing (see PROTOCOL.md, "Presence"). y-protocols renews every 15 s and drops a silent
 * client after 30 s; a crashed tab's cursor would hang for half a minute. We renew every 4 s and
 * drop after 10 s, checked once a second, so a silent peer goes within 10–11 s even if two
 * renewals in a row are lost. Cursor moves go out at most every 33 ms (~30/s).
 */
export const PRESENCE_TIMING = {
	publishIntervalMs: 33,
	renewIntervalMs: 4_000,
	outdatedTimeoutMs: 10_000,
	checkIntervalMs: 1_000,
	/** How long stop() waits for the goodbye message to go out. */
	leaveTimeoutMs: 1_000
};

export type PresenceTiming = typeof PRESENCE_TIMING;

/** The part of the libp2p node presence needs (a narrow type keeps it testable with a stub). */
export type PresenceNode = Pick<Libp2p, 'addEventListener' | 'removeEventListener'> & {
	services: { pubsub: Pick<GossipSub, 'addEventListener' | 'removeEventListener'> };
};

export interface AwarenessSyncOptions extends Partial<PresenceTiming> {
	/** A well-formed entry we refused (e.g. it claims another peer's client id): count it. */
	onRejected?: (peer: string, reason: string) => void;
	timers?: ThrottleTimers;
}

interface AwarenessChanges {
	added: number[];
	updated: number[];
	removed: number[];
}

/** Origin of states applied from the network: they are never published again. */
export const AWARENESS_REMOTE_ORIGIN = Symbol('remote:awareness');
const PEER_LEFT_ORIGIN = 'peer-left';
const TIMEOUT_ORIGIN = 'timeout';

/**
 * Carries a y-protocols Awareness over the room's gossipsub topic as type-1 room messages: our own
 * state goes out (throttled, renewed, re-sent when a peer joins), peers' states come in (checked,
 * bound to the libp2p peer that signed them) and are dropped when that peer leaves or goes silent.
 */
export class AwarenessSync {
	readonly #node: PresenceNode;
	readonly #awareness: Awareness;
	readonly #channel: RoomChannel;
	readonly #topic: string;
	readonly #timing: PresenceTiming;
	readonly #onRejected: (peer: string, reason: string) => void;
	readonly #throttle: Throttle;
	/** clientID -> the peer id that published it, so a peer can only speak for its own clients. */
	readonly #owners = new Map<number, string>();
	/**
	 * clientID -> when we last accepted a state from it. Our own clock rather than Awareness's
	 * `meta.lastUpdated`, so the timeout is testable (lib0 binds Date.now when it loads).
	 */
	readonly #lastSeen = new Map<number, number>();
	readonly #timers: ThrottleTimers;
	#lastPublished = -Infinity;
	#checkTimer: ReturnType<typeof setInterval> | undefined;
	#started = false;
	readonly stats = { published: 0, received: 0 };

	constructor(
		node: PresenceNode,
		awareness: Awareness,
		channel: RoomChannel,
		options: AwarenessSyncOptions = {}
	) {
		const { onRejected = () => {}, timers = systemTimers, ...timing } = options;
		this.#node = node;
		this.#awareness = awareness;
		this.#channel = channel;
		this.#topic = channel.topic;
		this.#timing = { ...PRESENCE_TIMING, ...timing };
		this.#onRejected = onRejected;
		this.#timers = timers;
		this.#throttle = new Throttle(
			() => void this.#publish(),
			this.#timing.publishIntervalMs,
			timers
		);
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		const pubsub = this.#node.services.pubsub;
		this.#awareness.on('update', this.#onAwarenessUpdate);
		pubsub.addEventListener('message', this.#onMessage);
		pubsub.addEventListener('subscription-change', this.#onSubscriptionChange);
		this.#node.addEventListener('peer:disconnect', this.#onPeerDisconnect);
		this.#checkTimer = setInterval(this.#check, this.#timing.checkIntervalMs);
		this.#throttle.request(); // announce ourselves
	}

	/** Says goodbye (our state -> null) so peers drop our cursor at once, then forgets everyone. */
	async stop(): Promise<void> {
		if (!this.#started) return;
		this.#started = false;
		clearInterval(this.#checkTimer);
		this.#throttle.cancel();
		const pubsub = this.#node.services.pubsub;
		this.#awareness.off('update', this.#onAwarenessUpdate);
		pubsub.removeEventListener('message', this.#onMessage);
		pubsub.removeEventListener('subscription-change', this.#onSubscriptionChange);
		this.#node.removeEventListener('peer:disconnect', this.#onPeerDisconnect);
		const { clientID } = this.#awareness;
		if (this.#awareness.getLocalState() !== null) {
			removeAwarenessStates(this.#awareness, [clientID], 'local');
			let timer: ReturnType<typeof setTimeout> | undefined;
			const timeout = new Promise<void>((resolve) => {
				timer = setTimeout(resolve, this.#timing.leaveTimeoutMs);
			});
			await Promise.race([this.#publish(), timeout]);
			clearTimeout(timer);
		}
		const others = [...this.#awareness.getStates().keys()].filter((id) => id !== clientID);
		removeAwarenessStates(this.#awareness, others, PEER_LEFT_ORIGIN);
		this.#owners.clear();
		this.#lastSeen.clear();
	}

	#publish(): Promise<void> {
		const awareness = this.#awareness;
		const state = awareness.getLocalState();
		// Never send what peers would reject, e.g. the empty state a fresh Awareness starts with.
		if (state !== null && parsePresenceState(state) == null) return Promise.resolve();
		const update = encodeAwarenessUpdate(awareness, [awareness.clientID]);
		this.stats.published++;
		this.#lastPublished = this.#timers.now();
		return this.#channel.publish({ type: ROOM_MESSAGE_AWARENESS, update }).then(
			() => {},
			() => {
				// Nobody to send to (offline, alone): the next renewal or join re-sends everything.
			}
		);
	}

	#onAwarenessUpdate = (changes: AwarenessChanges, origin: unknown): void => {
		for (const id of changes.removed) {
			this.#owners.delete(id);
			this.#lastSeen.delete(id);
		}
		if (origin === AWARENESS_REMOTE_ORIGIN) return;
		const { clientID } = this.#awareness;
		const { added, updated, removed } = changes;
		if (!added.includes(clientID) && !updated.includes(clientID) && !removed.includes(clientID)) {
			return; // e.g. a peer dropped after a timeout: peers decide that for themselves
		}
		if (this.#awareness.getLocalState() === null) {
			// Leaving (page hidden or closing): no waiting, this may be our last chance.
			this.#throttle.cancel();
			void this.#publish();
		} else {
			this.#throttle.request();
		}
	};

	#onMessage = (event: CustomEvent<Message>): void => {
		const message = event.detail;
		if (message.topic !== this.#topic) return;
		const peer = message.type === 'signed' ? message.from.toString() : undefined;
		try {
			// Opened and checked by RoomSync's topic validator before gossipsub delivered it.
			const decoded = this.#channel.opened(message);
			if (decoded?.type === ROOM_MESSAGE_AWARENESS) this.#apply(decoded.update, peer);
		} catch (err) {
			this.#onRejected(peer ?? 'unknown', (err as Error).message);
		}
	};

	#apply(update: Uint8Array, peer: string | undefined): void {
		const awareness = this.#awareness;
		const accepted: AwarenessEntry[] = [];
		for (const entry of decodeAwarenessUpdate(update)) {
			const refusal = this.#refusal(entry.clientId, peer);
			if (refusal != null) {
				this.#onRejected(peer ?? 'unknown', refusal);
				continue;
			}
			const state = entry.state === null ? null : parsePresenceState(entry.state);
			if (entry.state !== null && state == null) continue; // the topic validator rejects these
			// Re-encode only the known fields: unknown ones never reach the awareness map.
			accepted.push({ clientId: entry.clientId, clock: entry.clock, state });
			if (state !== null && peer != null) this.#owners.set(entry.clientId, peer);
		}
		if (accepted.length === 0) return;
		const known = new Set(accepted.map((e) => e.clientId).filter((id) => awareness.states.has(id)));
		applyAwarenessUpdate(awareness, encodeAwarenessEntries(accepted), AWARENESS_REMOTE_ORIGIN);
		this.stats.received++;
		const now = this.#timers.now();
		for (const { clientId } of accepted) {
			if (awareness.states.has(clientId)) this.#lastSeen.set(clientId, now);
		}
		// Someone new (or back): greet them with our state instead of making them wait for a renewal.
		if (accepted.some((e) => !known.has(e.clientId) && awareness.states.has(e.clientId))) {
			if (awareness.getLocalState() !== null) this.#throttle.request();
		}
	}

	#refusal(clientId: number, peer: string | undefined): string | null {
		if (clientId === this.#awareness.clientID) return `claims our client id ${clientId}`;
		const owner = this.#owners.get(clientId);
		if (owner != null && peer != null && owner !== peer) {
			return `client ${clientId} belongs to another peer`;
		}
		return null;
	}

	#onSubscriptionChange = (event: CustomEvent<SubscriptionChangeData>): void => {
		const { peerId, subscriptions } = event.detail;
		for (const { topic, subscribe } of subscriptions) {
			if (topic !== this.#topic) continue;
			// A late joiner sees everyone's names at once; one that unsubscribed has left.
			if (subscribe) this.#throttle.request();
			else this.#dropPeer(peerId.toString());
		}
	};

	#onPeerDisconnect = (event: CustomEvent<PeerId>): void => {
		this.#dropPeer(event.detail.toString());
	};

	/** A closed tab rarely gets its goodbye out; its connection closing is the next best sign. */
	#dropPeer(peer: string): void {
		const ids: number[] = [];
		for (const [id, owner] of this.#owners) {
			if (owner === peer && this.#awareness.states.has(id)) ids.push(id);
		}
		if (ids.length > 0) removeAwarenessStates(this.#awareness, ids, PEER_LEFT_ORIGIN);
	}

	#check = (): void => {
		const awareness = this.#awareness;
		const now = this.#timers.now();
		const local = awareness.getLocalState();
		if (local !== null && now - this.#lastPublished >= this.#timing.renewIntervalMs) {
			// Bumps the clock (what peers require to take it as news); #onAwarenessUpdate sends it.
			awareness.setLocalState(local);
		}
		const outdated: number[] = [];
		for (const id of awareness.getStates().keys()) {
			if (id === awareness.clientID) continue;
			const seen = this.#lastSeen.get(id);
			if (seen == null) this.#lastSeen.set(id, now);
			else if (now - seen >= this.#timing.outdatedTimeoutMs) outdated.push(id);
		}
		if (outdated.length > 0) removeAwarenessStates(awareness, outdated, TIMEOUT_ORIGIN);
	};
}
