// A Node.js libp2p peer built from stock packages (none of the app's code) that speaks the relay's
// store protocol as PROTOCOL.md ("Relay store") writes it down, with lib0's encoding: it can read
// a room's copy by topic id, and try to write to it with whatever key and signature it has.
import '../../../relay/polyfills.ts';
import { generateKeyPairSync, sign } from 'node:crypto';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { tcp } from '@libp2p/tcp';
import { lpStream } from '@libp2p/utils';
import { multiaddr } from '@multiformats/multiaddr';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { createLibp2p, type Libp2p } from 'libp2p';

const PROTOCOL = '/whiteboard/store/1.0.0';

export type StoreAnswer =
	| { ok: true; seq: number; roomBytes: number; entries: number; snapshotCovers: number }
	| { ok: false; code: string; message: string };

export interface StorePeer {
	node: Libp2p;
	read(topicId: string): Promise<StoreAnswer>;
	/** Sends an append or snapshot signed by `signWith` (an Ed25519 private key in PKCS#8 DER). */
	write(request: WriteAttempt): Promise<StoreAnswer>;
	stop(): Promise<void>;
}

export interface WriteAttempt {
	op: 'append' | 'snapshot';
	topicId: string;
	publicKey: Uint8Array;
	/** Signs the request's signed bytes; return anything to forge. */
	signature: (signed: Uint8Array) => Uint8Array;
	covers?: number;
	data: Uint8Array;
}

/** A fresh Ed25519 key pair of the attacker's own: raw public key and a signing function. */
export function ownKeyPair(): { publicKey: Uint8Array; sign: (data: Uint8Array) => Uint8Array } {
	const { publicKey, privateKey } = generateKeyPairSync('ed25519');
	const spki = publicKey.export({ format: 'der', type: 'spki' });
	return {
		publicKey: spki.subarray(spki.length - 32),
		sign: (data) => sign(null, data, privateKey)
	};
}

export async function connectStorePeer(relayTcpAddr: string): Promise<StorePeer> {
	const node = await createLibp2p({
		transports: [tcp()],
		connectionEncrypters: [noise()],
		streamMuxers: [yamux()],
		services: { identify: identify() }
	});
	const relay = multiaddr(relayTcpAddr);
	await node.dial(relay);
	const exchange = async (request: Uint8Array, readEntries: boolean): Promise<StoreAnswer> => {
		const signal = AbortSignal.timeout(10_000);
		const stream = await node.dialProtocol(relay, PROTOCOL, { signal });
		const lp = lpStream(stream, { maxDataLength: 64 * 1024 * 1024 });
		await lp.write(request, { signal });
		const answer = decodeAnswer((await lp.read({ signal })).subarray());
		if (readEntries && answer.ok) {
			const count = answer.entries + (answer.snapshotCovers > 0 ? 1 : 0);
			for (let i = 0; i < count; i++) await lp.read({ signal });
		}
		await stream.close({ signal });
		return answer;
	};
	return {
		node,
		read: (topicId) => {
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, 1);
			encoding.writeVarString(e, topicId);
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint(e, 0);
			return exchange(encoding.toUint8Array(e), true);
		},
		write: (attempt) => {
			const op = attempt.op === 'append' ? 2 : 3;
			const covers = attempt.covers ?? 0;
			const signed = encoding.createEncoder();
			encoding.writeVarString(signed, 'whiteboard/store/1');
			encoding.writeVarUint(signed, op);
			encoding.writeVarString(signed, attempt.topicId);
			encoding.writeVarUint(signed, covers);
			encoding.writeUint8Array(signed, attempt.data);
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, op);
			encoding.writeVarString(e, attempt.topicId);
			encoding.writeVarUint8Array(e, attempt.publicKey);
			encoding.writeVarUint8Array(e, attempt.signature(encoding.toUint8Array(signed)));
			if (op === 3) encoding.writeVarUint(e, covers);
			encoding.writeVarUint8Array(e, attempt.data);
			return exchange(encoding.toUint8Array(e), false);
		},
		stop: async () => void (await node.stop())
	};
}

function decodeAnswer(bytes: Uint8Array): StoreAnswer {
	const d = decoding.createDecoder(bytes);
	if (decoding.readVarUint(d) === 0) {
		const seq = decoding.readVarUint(d);
		const roomBytes = decoding.readVarUint(d);
		decoding.readVarUint(d); // room limit
		const snapshotCovers = decoding.readVarUint(d);
		const entries = decoding.readVarUint(d);
		return { ok: true, seq, roomBytes, snapshotCovers, entries };
	}
	return { ok: false, code: decoding.readVarString(d), message: decoding.readVarString(d) };
}
