/**
 * The browser's side of `/whiteboard/store/1.0.0` (store-wire.ts): one request per stream on the
 * browser's own connection to a relay, answered or refused. Writes are signed with the room's
 * write key; what is written is already sealed (copy-codec.ts).
 */
import { lpStream } from '@libp2p/utils';
import type { AbortOptions, Libp2p, PeerId, Stream } from '@libp2p/interface';
import type { RoomSigner } from '$lib/crypto/room-signer';
import { copyReadOf, MAX_READ_MESSAGE_BYTES, StoreRefusedError, type CopyRead } from './copy-read';
import {
	decodeAnswer,
	encodeRequest,
	MAX_ENTRY_BYTES,
	MAX_STORE_HEADER_BYTES,
	OP_APPEND,
	OP_READ,
	OP_SNAPSHOT,
	signedBytes,
	STORE_PROTOCOL,
	type StoreRequest
} from './store-wire';

export interface WriteAck {
	seq: number;
	roomBytes: number;
	roomLimit: number;
}

export type StoreNode = Pick<Libp2p, 'dialProtocol'>;

export class StoreClient {
	readonly #node: StoreNode;
	readonly #topicId: string;
	readonly #signer: RoomSigner | null;

	/** `signer` null (a view-only link): reads only; a write throws. */
	constructor(node: StoreNode, topicId: string, signer: RoomSigner | null) {
		this.#node = node;
		this.#topicId = topicId;
		this.#signer = signer;
	}

	/** The copy after `since`: generation 0 from the latest snapshot, 1 from the one before. */
	async read(
		relay: PeerId,
		since: number,
		generation: 0 | 1,
		options: AbortOptions
	): Promise<CopyRead> {
		return this.#exchange(
			relay,
			{ op: OP_READ, topicId: this.#topicId, since, generation },
			options,
			async (lp, header) => copyReadOf(header, async () => (await lp.read(options)).slice())
		);
	}

	async append(relay: PeerId, sealed: Uint8Array, options: AbortOptions): Promise<WriteAck> {
		if (sealed.length > MAX_ENTRY_BYTES) {
			throw new StoreRefusedError('too-large', `an entry is at most ${MAX_ENTRY_BYTES} bytes`);
		}
		const signed = await this.#sign(OP_APPEND, 0, sealed);
		const request = { op: OP_APPEND, topicId: this.#topicId, signed, data: sealed } as const;
		return this.#exchange(relay, request, options, async (_lp, header) => header);
	}

	async snapshot(
		relay: PeerId,
		covers: number,
		sealed: Uint8Array,
		options: AbortOptions
	): Promise<WriteAck> {
		const signed = await this.#sign(OP_SNAPSHOT, covers, sealed);
		const request = {
			op: OP_SNAPSHOT,
			topicId: this.#topicId,
			signed,
			covers,
			data: sealed
		} as const;
		return this.#exchange(relay, request, options, async (_lp, header) => header);
	}

	async #sign(op: typeof OP_APPEND | typeof OP_SNAPSHOT, covers: number, data: Uint8Array) {
		if (this.#signer === null) throw new Error('a view-only link cannot write to the copy');
		const signature = await this.#signer.sign(signedBytes(op, this.#topicId, covers, data));
		return { publicKey: this.#signer.publicKey, signature };
	}

	async #exchange<T>(
		relay: PeerId,
		request: StoreRequest,
		options: AbortOptions,
		readRest: (
			lp: ReturnType<typeof lpStream<Stream>>,
			header: {
				seq: number;
				roomBytes: number;
				roomLimit: number;
				snapshotCovers: number;
				entries: number;
			}
		) => Promise<T>
	): Promise<T> {
		// Asks for optimistic selection (the protocol name sent with the request), but the
		// installed multistream-select ignores it and waits for the relay's answer first
		// (@libp2p/multistream-select/dist/src/select.js): one round trip more, which is why the
		// first read of a page goes over HTTP (copy-http.ts).
		const stream = await this.#node.dialProtocol(relay, STORE_PROTOCOL, {
			...options,
			negotiateFully: false
		});
		const maxDataLength = request.op === OP_READ ? MAX_READ_MESSAGE_BYTES : MAX_STORE_HEADER_BYTES;
		const lp = lpStream(stream, { maxDataLength, maxBufferSize: maxDataLength });
		try {
			await lp.write(encodeRequest(request), options);
			const answer = decodeAnswer((await lp.read(options)).slice());
			if (!answer.ok) throw new StoreRefusedError(answer.code, answer.message);
			const result = await readRest(lp, answer);
			await stream.close(options);
			return result;
		} catch (err) {
			stream.abort(err as Error);
			throw err;
		}
	}
}
