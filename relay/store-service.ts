// The `/whiteboard/store/1.0.0` protocol on the relay: one request per stream (read, append,
// snapshot), answered from the BoardStore. Writes must carry the room's public key, which the
// topic id commits to, and its signature: someone who only knows a topic id can read ciphertext
// (as on gossip) but cannot change or fill the room. Every message is length-limited and every
// stream must finish within a deadline. See PROTOCOL.md, "Relay store".
import { lpStream, RateLimiter } from '@libp2p/utils';
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface';
import {
	decodeRequest,
	encodeAnswer,
	encodeEntry,
	MAX_ENTRY_BYTES,
	MAX_STORE_HEADER_BYTES,
	OP_APPEND,
	OP_READ,
	OP_SNAPSHOT,
	signedBytes,
	STORE_PROTOCOL,
	StoreWireError,
	type RefusalCode,
	type StoreAnswer,
	type StoreRequest
} from '../src/lib/store/store-wire.ts';
import { addressKey } from './admission/address.ts';
import { RequestBudget } from './request-budget.ts';
import type { BoardStore, StoreRefusal, StoreResult } from './board-store.ts';
import type { RateBudget } from './request-budget.ts';
import { WriteKeys } from './write-keys.ts';

/** The request must have arrived by then. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** The whole exchange, answer included, must be over by then. */
export const STREAM_TIMEOUT_MS = 60_000;
/** Store streams one connection may have open at once. */
export const MAX_STREAMS_PER_CONNECTION = 4;

export interface StoreServiceOptions {
	store: BoardStore;
	/** Writes per second one room may take. */
	writesPerSecond: number;
	/** Requests (reads and writes) per second one peer may make. @default Infinity */
	peerRequestsPerSecond?: number;
	/** Requests per second from one address (admission/address.ts). @default Infinity */
	addressRequestsPerSecond?: number;
	/** Peers exempt from the per-peer and per-address budgets (peered relays). */
	isTrusted?: (peer: PeerId) => boolean;
	/** An append was stored: its request as it came, and who sent it (federation replicates it). */
	onAppended?: (request: Uint8Array, from: PeerId) => void;
	/** Largest snapshot (the room's byte limit). */
	maxSnapshotBytes: number;
	onEvent?: (event: StoreEvent) => void;
}

export type StoreEvent =
	| {
			type: 'refused';
			op: string;
			topic: string;
			peer: string;
			code: RefusalCode;
			message: string;
			/** Which budget a `rate-limited` refusal spent: the room's, the peer's or the address's. */
			budget?: RateBudget;
	  }
	| { type: 'error'; peer: string; error: string };

export interface StoreServiceStats {
	/** Reads over libp2p and HTTP; `httpReads` counts the latter again. */
	reads: number;
	httpReads: number;
	appends: number;
	snapshots: number;
	refused: number;
	refusedByCode: Partial<Record<RefusalCode, number>>;
}

type StoreNode = Pick<Libp2p, 'handle' | 'unhandle'>;
type ReadRequest = Extract<StoreRequest, { op: typeof OP_READ }>;
/** A refusal with the budget it spent, for the relay's counters. */
type Refusal = StoreRefusal & { budget?: RateBudget };

export class StoreService {
	readonly stats: StoreServiceStats = {
		reads: 0,
		httpReads: 0,
		appends: 0,
		snapshots: 0,
		refused: 0,
		refusedByCode: {}
	};
	readonly #options: StoreServiceOptions;
	readonly #rate: RateLimiter;
	readonly #budget: RequestBudget;
	readonly #keys = new WriteKeys();
	readonly #onEvent: (event: StoreEvent) => void;
	/** Requests read and not yet answered. */
	#inFlight = 0;

	constructor(options: StoreServiceOptions) {
		this.#options = options;
		this.#rate = new RateLimiter({ points: options.writesPerSecond, duration: 1 });
		this.#budget = new RequestBudget(
			options.peerRequestsPerSecond,
			options.addressRequestsPerSecond
		);
		this.#onEvent = options.onEvent ?? (() => {});
	}

	async start(node: StoreNode): Promise<void> {
		await node.handle(STORE_PROTOCOL, this.#onStream, {
			maxInboundStreams: MAX_STREAMS_PER_CONNECTION,
			// A relayed connection is another browser's; only a browser's own connection asks.
			runOnLimitedConnection: false
		});
	}

	async stop(node: StoreNode): Promise<void> {
		await node.unhandle(STORE_PROTOCOL);
	}

	/**
	 * Takes no new requests and waits (at most `timeoutMs`) for the ones under way: their writes
	 * are committed and answered before the relay stops.
	 */
	async drain(node: StoreNode, timeoutMs = 5000): Promise<void> {
		await this.stop(node);
		const deadline = Date.now() + timeoutMs;
		while (this.#inFlight > 0 && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 10));
	}

	#onStream = async (stream: Stream, connection: Connection): Promise<void> => {
		const peer = connection.remotePeer.toString();
		const signal = AbortSignal.timeout(STREAM_TIMEOUT_MS);
		const lp = lpStream(stream, {
			maxDataLength: this.#options.maxSnapshotBytes + MAX_STORE_HEADER_BYTES
		});
		try {
			const raw = await lp.read({
				signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)])
			});
			let request: StoreRequest;
			try {
				request = decodeRequest(raw.subarray());
			} catch (err) {
				if (!(err instanceof StoreWireError)) throw err;
				const refusal = { ok: false, code: 'malformed', message: err.message } as const;
				await lp.write(encodeAnswer(this.#refused('?', '?', peer, refusal)), { signal });
				await stream.close({ signal });
				return;
			}
			// Before any signature check or disk read: one client's requests cost only its budget.
			const trusted = this.#options.isTrusted?.(connection.remotePeer) === true;
			const overBudget = trusted
				? null
				: this.#budget.spend(peer, addressKey(connection.remoteAddr));
			this.#inFlight++;
			try {
				const answers =
					overBudget == null
						? await this.#answer(request, peer, () =>
								this.#options.onAppended?.(raw.subarray(), connection.remotePeer)
							)
						: [encodeAnswer(this.#refused(opName(request), request.topicId, peer, overBudget))];
				for (const message of answers) await lp.write(message, { signal });
			} finally {
				this.#inFlight--;
			}
			await stream.close({ signal });
		} catch (err) {
			stream.abort(err as Error);
			this.#onEvent({ type: 'error', peer, error: (err as Error).message });
		}
	};

	/**
	 * A read that came over HTTP (store-http.ts), from `address`: the same messages as over libp2p,
	 * under the same per-address budget. `client` names the asker in refusal events.
	 */
	readOverHttp(
		request: ReadRequest,
		client: string,
		address: string | undefined
	): { ok: boolean; messages: Uint8Array[] } {
		const overBudget = this.#budget.spend(client, address);
		if (overBudget != null) {
			const refusal = this.#refused('read', request.topicId, client, overBudget);
			return { ok: false, messages: [encodeAnswer(refusal)] };
		}
		this.stats.httpReads++;
		return { ok: true, messages: this.#read(request) };
	}

	/** An HTTP read that could not be parsed: counted like a malformed request over libp2p. */
	malformedHttpRead(client: string, message: string): Uint8Array {
		return encodeAnswer(
			this.#refused('read', '?', client, { ok: false, code: 'malformed', message })
		);
	}

	/** The messages that answer `request`: one, or for a read the header, snapshot and entries. */
	async #answer(
		request: StoreRequest,
		peer: string,
		onAppended: () => void
	): Promise<Uint8Array[]> {
		const { store } = this.#options;
		if (request.op === OP_READ) return this.#read(request);
		const refusal = await this.#checkWrite(request);
		let result: StoreResult;
		if (refusal != null) {
			result = refusal;
		} else if (request.op === OP_APPEND) {
			this.stats.appends++;
			result = store.append(request.topicId, request.data);
		} else {
			this.stats.snapshots++;
			result = store.putSnapshot(request.topicId, request.covers, request.data);
		}
		if (!result.ok)
			return [encodeAnswer(this.#refused(opName(request), request.topicId, peer, result))];
		if (request.op === OP_APPEND) onAppended();
		return [
			encodeAnswer({
				ok: true,
				seq: result.seq,
				roomBytes: result.roomBytes,
				roomLimit: this.#options.maxSnapshotBytes,
				snapshotCovers: 0,
				entries: 0
			})
		];
	}

	/** The header, the snapshot (if any) and the entries after `since`. */
	#read(request: ReadRequest): Uint8Array[] {
		this.stats.reads++;
		const copy = this.#options.store.read(request.topicId, request.since, request.generation);
		const header: StoreAnswer = {
			ok: true,
			seq: copy.seq,
			roomBytes: copy.roomBytes,
			roomLimit: this.#options.maxSnapshotBytes,
			snapshotCovers: copy.snapshot?.covers ?? 0,
			entries: copy.entries.length
		};
		const messages = [encodeAnswer(header)];
		if (copy.snapshot != null) messages.push(copy.snapshot.data);
		for (const entry of copy.entries) messages.push(encodeEntry(entry));
		return messages;
	}

	/** Size, key, signature and rate: null if the write may go to the store. */
	async #checkWrite(
		request: Exclude<StoreRequest, { op: typeof OP_READ }>
	): Promise<Refusal | null> {
		const limit = request.op === OP_APPEND ? MAX_ENTRY_BYTES : this.#options.maxSnapshotBytes;
		if (request.data.length > limit) {
			return { ok: false, code: 'too-large', message: `larger than ${limit} bytes` };
		}
		const { publicKey, signature } = request.signed;
		const verifier = await this.#keys.verifierFor(request.topicId, publicKey);
		if (verifier == null) {
			return { ok: false, code: 'wrong-key', message: 'the key is not this room’s' };
		}
		const covers = request.op === OP_SNAPSHOT ? request.covers : 0;
		const signed = signedBytes(request.op, request.topicId, covers, request.data);
		if (!(await verifier.verify(signature, signed))) {
			return { ok: false, code: 'bad-signature', message: 'the signature does not verify' };
		}
		try {
			this.#rate.consume(request.topicId);
		} catch {
			return {
				ok: false,
				code: 'rate-limited',
				message: 'too many writes to this room, retry',
				budget: 'room'
			};
		}
		return null;
	}

	#refused(op: string, topic: string, peer: string, refusal: Refusal): StoreAnswer {
		this.stats.refused++;
		this.stats.refusedByCode[refusal.code] = (this.stats.refusedByCode[refusal.code] ?? 0) + 1;
		this.#onEvent({
			type: 'refused',
			op,
			topic,
			peer,
			code: refusal.code,
			message: refusal.message,
			...(refusal.budget == null ? {} : { budget: refusal.budget })
		});
		return { ok: false, code: refusal.code, message: refusal.message };
	}
}

function opName(request: StoreRequest): string {
	return request.op === OP_READ ? 'read' : request.op === OP_APPEND ? 'append' : 'snapshot';
}
