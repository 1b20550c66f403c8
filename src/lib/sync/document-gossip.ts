import type { ComponentLogger, Logger } from '@libp2p/interface';
import * as Y from 'yjs';
import { MAX_GOSSIP_MESSAGE_BYTES } from '$lib/p2p/constants';
import { GOSSIP_ORIGIN, isRemoteOrigin } from './remote-origins';
import { ROOM_MESSAGE_DOC_UPDATE, RoomMessageError } from './room-messages';
import type { Delivery, RoomMessageHandler, RoomTopic } from './room-topic';
import { docUpdates, type UpdateSource } from './update-feed';

/** Room message framing and the encryption envelope take a few bytes of the gossip limit. */
export const MAX_GOSSIP_UPDATE_BYTES = MAX_GOSSIP_MESSAGE_BYTES - 1024;

export interface DocumentGossipStats {
	/** Local updates handed to the topic. */
	published: number;
	/** Remote updates applied. */
	received: number;
	/** Local updates peers would refuse as a gossip message: sent by a resync instead. */
	resynced: number;
}

export interface DocumentGossipOptions {
	doc: Y.Doc;
	/**
	 * Where local updates are heard: an UpdateFeed started before the local store, so that a
	 * stroke is published before it is written to disk. @default the doc's 'update' event
	 */
	updates?: UpdateSource;
	topic: Pick<RoomTopic, 'handle' | 'unhandle' | 'publish'>;
	/**
	 * Throws for an update that must not be accepted (the board schema), and for any Yjs could not
	 * decode (checkBoardUpdate reads updates as Yjs does). Remote updates that fail it are
	 * rejected; a local one that fails it is not gossiped (peers would reject it).
	 * @default Y.decodeUpdate (refuses only what Yjs cannot read)
	 */
	checkUpdate?: (update: Uint8Array) => void;
	/** Catches peers up through the sync stream (SyncStream.resyncAll). */
	resync: () => void;
	logger: ComponentLogger;
	/** A view-only link: peers' updates are applied, nothing is published (it could not be signed). */
	readOnly?: boolean;
}

/**
 * Document updates on the room topic (type 0): publishes every local Y.Doc update as one message
 * and applies the ones peers publish, with the gossip origin so that they are never published
 * again. A local update peers would refuse (too large for one message, or more than the board
 * check allows in one update) goes through the sync stream instead, in pieces checked one by one.
 */
export class DocumentGossip {
	readonly stats: DocumentGossipStats = { published: 0, received: 0, resynced: 0 };
	readonly #doc: Y.Doc;
	readonly #updates: UpdateSource;
	readonly #topic: DocumentGossipOptions['topic'];
	readonly #checkUpdate: (update: Uint8Array) => void;
	readonly #resync: () => void;
	readonly #log: Logger;
	readonly #readOnly: boolean;
	#started = false;

	constructor(options: DocumentGossipOptions) {
		this.#doc = options.doc;
		this.#updates = options.updates ?? docUpdates(options.doc);
		this.#topic = options.topic;
		this.#checkUpdate = options.checkUpdate ?? ((update) => void Y.decodeUpdate(update));
		this.#resync = options.resync;
		this.#log = options.logger.forComponent('whiteboard:document-gossip');
		this.#readOnly = options.readOnly === true;
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.#topic.handle(ROOM_MESSAGE_DOC_UPDATE, this.#handler);
		this.#updates.on(this.#onDocUpdate);
	}

	stop(): void {
		if (!this.#started) return;
		this.#started = false;
		this.#updates.off(this.#onDocUpdate);
		this.#topic.unhandle(ROOM_MESSAGE_DOC_UPDATE);
	}

	readonly #handler: RoomMessageHandler<Uint8Array> = {
		// Yjs must be able to read the update, and the board accept it, before anyone forwards it:
		// one read does both (a second Y.decodeUpdate was 0.2 ms of every stroke's path).
		check: (update) => {
			try {
				this.#checkUpdate(update);
			} catch (err) {
				throw new RoomMessageError(`bad update: ${(err as Error).message}`, 'bad-update');
			}
			return update;
		},
		deliver: (update: Uint8Array, delivery: Delivery) => {
			try {
				Y.applyUpdate(this.#doc, update, GOSSIP_ORIGIN);
				this.stats.received++;
			} catch (err) {
				// Well-formed but Yjs cannot apply it: dropped and counted.
				delivery.refuse('bad-update', `bad update: ${(err as Error).message}`);
			}
		}
	};

	#onDocUpdate = (update: Uint8Array, origin: unknown): void => {
		if (isRemoteOrigin(origin) || this.#readOnly) return;
		if (update.length > MAX_GOSSIP_UPDATE_BYTES || !this.#passesCheck(update)) {
			// Peers would refuse this message (too big, too many elements) and score us down.
			this.stats.resynced++;
			this.#log('update of %d bytes goes by the sync stream', update.length);
			this.#resync();
			return;
		}
		this.stats.published++;
		void this.#topic.publish(ROOM_MESSAGE_DOC_UPDATE, update);
	};

	#passesCheck(update: Uint8Array): boolean {
		try {
			this.#checkUpdate(update);
			return true;
		} catch {
			return false;
		}
	}
}
