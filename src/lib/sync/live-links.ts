import { LengthPrefixedDecoder } from '@libp2p/utils';
import * as encoding from 'lib0/encoding';
import type {
	ComponentLogger,
	Connection,
	Libp2p,
	Logger,
	PeerId,
	Stream
} from '@libp2p/interface';
import { LIVE_PROTOCOL, MAX_LIVE_BUFFER_BYTES, MAX_LIVE_FRAME_BYTES } from './constants';
import { ProtocolRegistration } from '$lib/p2p/protocol-registration';
import type { LiveRole } from './live-hello';

/** Opening a stream that takes longer than this gives up (the connection is dying). */
const OPEN_TIMEOUT_MS = 5_000;

/** A reset stream is replaced after this long, if its connection is still open. */
const REOPEN_DELAY_MS = 500;

/** Stopping waits this long at most for each outbound stream to close. */
const CLOSE_TIMEOUT_MS = 1_000;

/** Outbound streams opened on one connection at most (the first, and replacements for resets). */
const MAX_OPENS_PER_CONNECTION = 3;

/** The part of the libp2p node live links use. */
export type LiveLinksNode = Pick<
	Libp2p,
	'peerId' | 'handle' | 'unhandle' | 'register' | 'unregister'
>;

export interface LiveLinksStats {
	/** Frames written (one per peer a message went to). */
	sent: number;
	/** Frames read from peers. */
	received: number;
	/** Inbound streams closed because a hello or frame was refused, or malformed. */
	refusedStreams: number;
}

export interface LiveLinksOptions {
	node: LiveLinksNode;
	/** Makes our first frame and checks the peer's (LiveHello): what it proves, or null. */
	hello: {
		make(local: string, remote: string): Promise<Uint8Array>;
		check(hello: Uint8Array, local: string, remote: string): Promise<LiveRole | null>;
	};
	/**
	 * Checks and delivers one frame from a directly connected peer whose hello proved `role`;
	 * resolves false when the frame is refused, which closes that peer's stream (its messages then
	 * come by gossip, where its score counts).
	 */
	onFrame: (frame: Uint8Array, from: string, role: LiveRole) => Promise<boolean>;
	logger: ComponentLogger;
	maxFrameBytes?: number;
}

/**
 * The `/whiteboard/live/1.0.0` protocol (PROTOCOL.md, "Live links"): on every direct (unlimited)
 * connection to a room peer, each side opens one stream, writes its hello (live-hello.ts: proof of
 * the room's key, bound to this connection's two peers) and then its room messages, each frame
 * length-prefixed. A message goes to each peer once, first-hand, with no envelope, signature,
 * gossip framing or forwarding: the connection (DTLS, bound to both peer ids by Noise) encrypts it
 * and says who sent it. Nothing is written to a peer until its own hello has been checked.
 * RoomRouting picks these links when they reach every room peer; otherwise gossip carries the
 * message, as before.
 */
export class LiveLinks {
	readonly stats: LiveLinksStats = { sent: 0, received: 0, refusedStreams: 0 };
	readonly #onFrame: LiveLinksOptions['onFrame'];
	readonly #hello: LiveLinksOptions['hello'];
	readonly #local: string;
	readonly #log: Logger;
	readonly #maxFrameBytes: number;
	/** Peer id -> our outbound stream to it (one per peer, on a direct connection). */
	readonly #outbound = new Map<string, Stream>();
	/** Connections on which an outbound stream is being opened. */
	readonly #opening = new Set<string>();
	/** How many outbound streams we opened on each connection. */
	readonly #opens = new WeakMap<Connection, number>();
	/** Peer id -> its inbound stream and what its hello proved (once checked). */
	readonly #inbound = new Map<string, { stream: Stream; role?: LiveRole }>();
	readonly #registration: ProtocolRegistration;

	constructor(options: LiveLinksOptions) {
		this.#onFrame = options.onFrame;
		this.#hello = options.hello;
		this.#local = options.node.peerId.toString();
		this.#log = options.logger.forComponent('whiteboard:live-links');
		this.#maxFrameBytes = options.maxFrameBytes ?? MAX_LIVE_FRAME_BYTES;
		this.#registration = new ProtocolRegistration(
			options.node,
			LIVE_PROTOCOL,
			this.#onInboundStream,
			{
				// libp2p tells a topology only of unlimited (direct) connections.
				onConnect: (_peer: PeerId, connection: Connection) => void this.#open(connection),
				onDisconnect: (peer: PeerId) => {
					this.#outbound.delete(peer.toString());
				}
			},
			// One stream per direction and connection; a second allows for a replacement in flight.
			{ maxInboundStreams: 2, maxOutboundStreams: 2 }
		);
	}

	async start(): Promise<void> {
		await this.#registration.start();
	}

	async stop(): Promise<void> {
		if (!this.#registration.active) return;
		const outbound = [...this.#outbound.values()];
		// The peers' streams are left to close with the connection: resetting them would have each
		// peer open a new one on a connection that is about to close.
		this.#outbound.clear();
		this.#inbound.clear();
		await this.#registration.stop();
		// What we wrote last (a goodbye) gets a moment to leave; a peer that does not answer the
		// close is not waited for.
		const closing = { signal: AbortSignal.timeout(CLOSE_TIMEOUT_MS) };
		await Promise.all(outbound.map((s) => s.close(closing).catch((err: Error) => s.abort(err))));
	}

	/** Peers a message sent now reaches: a writable stream of ours, and their hello checked. */
	peers(): string[] {
		const peers: string[] = [];
		for (const [peer, stream] of this.#outbound) if (this.#reaches(peer, stream)) peers.push(peer);
		return peers;
	}

	#reaches(peer: string, stream: Stream): boolean {
		return isWritable(stream) && this.#inbound.get(peer)?.role != null;
	}

	/**
	 * Writes one frame to every peer whose hello checked. Returns false if some stream refused
	 * it (closed meanwhile), or the frame is over the limit: the caller then sends the message
	 * another way.
	 */
	send(frame: Uint8Array): boolean {
		if (frame.length > this.#maxFrameBytes) return false;
		const prefixed = lengthPrefixed(frame);
		let delivered = true;
		for (const [peer, stream] of this.#outbound) {
			// Not yet proven to hold the room's key: it gets nothing (the caller's route saw that).
			if (this.#inbound.get(peer)?.role == null) continue;
			try {
				stream.send(prefixed);
				this.stats.sent++;
			} catch (err) {
				delivered = false;
				this.#outbound.delete(peer);
				this.#log('writing to %s failed: %s', peer, (err as Error).message);
			}
		}
		return delivered;
	}

	async #open(connection: Connection): Promise<void> {
		const peer = connection.remotePeer.toString();
		// Per connection: an attempt stuck on a dying connection must not hold up a new one.
		if (!this.#registration.active || connection.limits != null || this.#opening.has(connection.id))
			return;
		const current = this.#outbound.get(peer);
		if (current != null && isWritable(current)) return;
		// A peer that keeps resetting our stream (its check refuses us) is left to gossip.
		const opens = this.#opens.get(connection) ?? 0;
		if (opens >= MAX_OPENS_PER_CONNECTION) return;
		this.#opens.set(connection, opens + 1);
		this.#opening.add(connection.id);
		try {
			const [stream, hello] = await Promise.all([
				connection.newStream(LIVE_PROTOCOL, {
					signal: AbortSignal.any([this.#registration.signal, AbortSignal.timeout(OPEN_TIMEOUT_MS)])
				}),
				this.#hello.make(this.#local, peer)
			]);
			if (!this.#registration.active) return stream.abort(new Error('live links stopped'));
			stream.send(lengthPrefixed(hello));
			// A peer that stops reading must not make us buffer without bound: past this, reset.
			stream.maxWriteBufferLength = MAX_LIVE_BUFFER_BYTES;
			stream.addEventListener('close', () => {
				if (this.#outbound.get(peer) !== stream) return;
				this.#outbound.delete(peer);
				// Reset under a connection that stays open: open another one, after a moment (a reset
				// often comes as the connection closes, and a stream opened then fails in yamux).
				setTimeout(() => {
					if (connection.status === 'open') void this.#open(connection);
				}, REOPEN_DELAY_MS);
			});
			this.#outbound.set(peer, stream);
			this.#log('live link to %s open', peer);
		} catch (err) {
			if (this.#registration.active) this.#log('opening a live link to %s failed: %s', peer, err);
		} finally {
			this.#opening.delete(connection.id);
		}
	}

	#onInboundStream = (stream: Stream, connection: Connection): void => {
		if (!this.#registration.active || connection.limits != null) {
			stream.abort(new Error('live links need a direct connection'));
			return;
		}
		const from = connection.remotePeer.toString();
		const decoder = new LengthPrefixedDecoder({
			maxDataLength: this.#maxFrameBytes,
			maxBufferSize: this.#maxFrameBytes + 16
		});
		// The newest stream from a peer is its link; an older one closing changes nothing.
		const link: { stream: Stream; role?: LiveRole } = { stream };
		this.#inbound.get(from)?.stream.abort(new Error('replaced by a new live link'));
		this.#inbound.set(from, link);
		stream.addEventListener('close', () => {
			if (this.#inbound.get(from) === link) this.#inbound.delete(from);
		});
		const refuse = (reason: string): void => {
			if (stream.status !== 'open') return;
			this.stats.refusedStreams++;
			this.#log('closing the live link from %s: %s', from, reason);
			stream.abort(new Error(reason));
		};
		let hello: Promise<LiveRole | null> | undefined;
		const deliver = (frame: Uint8Array, role: LiveRole): void => {
			this.stats.received++;
			void this.#onFrame(frame, from, role).then((accepted) => {
				if (!accepted) refuse('refused a message');
			});
		};
		stream.addEventListener('message', (event) => {
			try {
				for (const list of decoder.decode(event.data)) {
					const frame = list.subarray();
					if (hello == null) {
						hello = this.#hello.check(frame, this.#local, from).then((role) => {
							if (role == null) refuse('the hello proves no room key');
							else link.role = role;
							return role;
						});
					} else if (link.role != null) {
						deliver(frame, link.role);
					} else {
						// Frames that came with the hello wait for it, in order.
						void hello.then((role) => role != null && deliver(frame, role));
					}
				}
			} catch (err) {
				refuse((err as Error).message);
			}
		});
	};
}

function lengthPrefixed(frame: Uint8Array): Uint8Array {
	// An unsigned varint length, then the frame: what `lpStream` and gossipsub write too.
	const encoder = encoding.createEncoder();
	encoding.writeVarUint8Array(encoder, frame);
	return encoding.toUint8Array(encoder);
}

function isWritable(stream: Stream): boolean {
	return stream.status === 'open' && stream.writeStatus === 'writable';
}
