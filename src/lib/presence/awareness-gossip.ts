import type { GossipSub, SubscriptionChangeData } from '@libp2p/gossipsub';
import type { ComponentLogger, Libp2p, Logger, PeerId } from '@libp2p/interface';
import {
	applyAwarenessUpdate,
	encodeAwarenessUpdate,
	removeAwarenessStates,
	type Awareness
} from 'y-protocols/awareness';
import { ROOM_MESSAGE_AWARENESS, RoomMessageError } from '$lib/sync/room-messages';
import type { Delivery, RoomMessageHandler, RoomTopic } from '$lib/sync/room-topic';
import {
	AwarenessUpdateError,
	decodeAwarenessUpdate,
	encodeAwarenessEntries,
	MAX_STATE_JSON_LENGTH,
	type AwarenessEntry
} from './awareness-codec';
import { parsePresenceState, readPresenceState, type PresenceState } from './presence-state';
import { systemTimers, Throttle, type ThrottleTimers } from './presence-throttle';

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

export interface AwarenessGossipOptions extends Partial<PresenceTiming> {
	node: PresenceNode;
	awareness: Awareness;
	topic: Pick<RoomTopic, 'topic' | 'handle' | 'unhandle' | 'publish'>;
	logger: ComponentLogger;
	timers?: ThrottleTimers;
}

/** An awareness entry whose state passed the schema (null: the client left). */
interface CheckedEntry extends AwarenessEntry {
	state: PresenceState | null;
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
 * Carries a y-protocols Awareness over the room's gossipsub topic as type-1 room messages (the
 * topic's presence handler): our own state goes out (throttled, renewed, re-sent when a peer
 * joins), peers' states come in (checked against the schema in the topic validator, bound to the
 * libp2p peer that signed them) and are dropped when that peer leaves or goes silent.
 */
export class AwarenessGossip {
	readonly #node: PresenceNode;
	readonly #awareness: Awareness;
	readonly #topic: AwarenessGossipOptions['topic'];
	readonly #timing: PresenceTiming;
	readonly #log: Logger;
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
	/** `unsendable`: local states peers would refuse (never sent; a bug if ever counted). */
	readonly stats = { published: 0, received: 0, unsendable: 0 };

	constructor(options: AwarenessGossipOptions) {
		const { node, awareness, topic, logger, timers = systemTimers, ...timing } = options;
		this.#node = node;
		this.#awareness = awareness;
		this.#topic = topic;
		this.#timing = { ...PRESENCE_TIMING, ...timing };
		this.#log = logger.forComponent('whiteboard:awareness-gossip');
		this.#timers = timers;
		// FrameShare shares on frames ~publishIntervalMs apart, and now and then on the next frame
		// after a share that carried held-back changes (frame-share.ts): a throttle without a burst
		// of two would hold such a share back on a timer, and peers would see it a frame late.
		this.#throttle = new Throttle(
			() => void this.#publish(),
			this.#timing.publishIntervalMs,
			timers,
			{ burst: 2 }
		);
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		const pubsub = this.#node.services.pubsub;
		this.#topic.handle(ROOM_MESSAGE_AWARENESS, this.#handler);
		this.#awareness.on('update', this.#onAwarenessUpdate);
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
		// Only now: until the goodbye is out, peers' presence is accepted (and ignored), not
		// rejected as a message type nobody handles.
		this.#topic.unhandle(ROOM_MESSAGE_AWARENESS);
	}

	#publish(): Promise<void> {
		const awareness = this.#awareness;
		const state = awareness.getLocalState();
		// Never send what peers would reject, e.g. the empty state a fresh Awareness starts with,
		// or one over the length every peer (old ones too) accepts, which would get us penalised.
		if (
			state !== null &&
			(readPresenceState(state) == null || JSON.stringify(state).length > MAX_STATE_JSON_LENGTH)
		) {
			if (Object.keys(state).length > 0) {
				this.stats.unsendable++;
				this.#log.error('not publishing a presence state peers would refuse');
			}
			return Promise.resolve();
		}
		const update = encodeAwarenessUpdate(awareness, [awareness.clientID]);
		this.stats.published++;
		this.#lastPublished = this.#timers.now();
		// Never throws; one that does not go out (the node stopping) is counted by the topic, and
		// the next renewal or join re-sends everything.
		return this.#topic.publish(ROOM_MESSAGE_AWARENESS, update);
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

	readonly #handler: RoomMessageHandler<CheckedEntry[]> = {
		/**
		 * Unlike a Yjs update (which only Yjs can judge), an awareness update is small and fully
		 * checked here, so a bad one is rejected before it is forwarded to anyone else.
		 */
		check: (update) => {
			let entries: AwarenessEntry[];
			try {
				entries = decodeAwarenessUpdate(update);
			} catch (err) {
				if (err instanceof AwarenessUpdateError) throw new RoomMessageError(err.message);
				throw err;
			}
			return entries.map(({ clientId, clock, state }) => {
				const checked = state === null ? null : parsePresenceState(state);
				if (state !== null && checked === null) {
					throw new RoomMessageError(`invalid presence state for client ${clientId}`);
				}
				return { clientId, clock, state: checked };
			});
		},
		deliver: (entries, delivery) => {
			if (this.#started) this.#apply(entries, delivery);
		}
	};

	#apply(entries: CheckedEntry[], delivery: Delivery): void {
		const awareness = this.#awareness;
		const peer = delivery.from;
		const accepted: CheckedEntry[] = [];
		for (const entry of entries) {
			const refusal = this.#refusal(entry.clientId, peer);
			if (refusal != null) {
				delivery.refuse('presence', refusal);
				continue;
			}
			// Only the known fields (the schema's output): unknown ones never reach the awareness map.
			accepted.push(entry);
			if (entry.state !== null && peer != null) this.#owners.set(entry.clientId, peer);
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
			if (topic !== this.#topic.topic) continue;
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
		if (ids.length === 0) return;
		this.#log('peer %s left: dropping clients %o', peer, ids);
		removeAwarenessStates(this.#awareness, ids, PEER_LEFT_ORIGIN);
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
		if (outdated.length === 0) return;
		this.#log('silent for %d ms: dropping clients %o', this.#timing.outdatedTimeoutMs, outdated);
		removeAwarenessStates(awareness, outdated, TIMEOUT_ORIGIN);
	};
}
