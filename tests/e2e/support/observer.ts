// A Node.js libp2p peer built only from stock packages (none of the app's code): it connects to
// the relay over TCP and joins a room's topic, seeing exactly the gossip the relay forwards to
// any subscriber (the view of the relay, or of anyone who learns a topic name), and able to
// publish whatever it likes there (a hostile peer).
import '../../../relay/polyfills.ts';
import { createHash, createPrivateKey, createPublicKey, hkdfSync } from 'node:crypto';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import { testRoomKey } from './board-page.ts';

/**
 * The room's write key as PROTOCOL.md defines it (with Node's crypto, not the app's code): an
 * Ed25519 key pair whose seed is HKDF-SHA-256 over the link's key, info "whiteboard signing".
 */
export function roomWriteKey(keyBase64url: string): { seed: Buffer; publicKey: Buffer } {
	const key = Buffer.from(keyBase64url, 'base64url');
	const seed = Buffer.from(
		hkdfSync('sha256', key, 'whiteboard room key v1', 'whiteboard signing', 32)
	);
	const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
	const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
	const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
	return { seed, publicKey: spki.subarray(spki.length - 32) };
}

/** The room's topic id: 128 bits of SHA-256 over "whiteboard topic v2\0" and the write key. */
export function topicIdFromKey(keyBase64url: string): string {
	const { publicKey } = roomWriteKey(keyBase64url);
	return createHash('sha256')
		.update('whiteboard topic v2\0')
		.update(publicKey)
		.digest()
		.subarray(0, 16)
		.toString('base64url');
}

/** The topic the relay mirrors: room messages while some room peer has no direct link. */
export function fallbackTopicFromKey(keyBase64url: string): string {
	return `whiteboard/fallback/${topicIdFromKey(keyBase64url)}`;
}

export function discoveryTopicFromKey(keyBase64url: string): string {
	return `whiteboard/discovery/${topicIdFromKey(keyBase64url)}`;
}

export interface TopicPeer {
	/** Every payload seen on the topic so far. */
	payloads: Uint8Array[];
	/** Publishes raw bytes on the topic (signed by this peer, as gossipsub requires). */
	publish(data: Uint8Array): Promise<void>;
	stop(): Promise<void>;
}

export interface JoinOptions {
	/** Also announce this peer on a discovery topic (pubsub-peer-discovery), as room peers do. */
	announceOn?: string;
}

export async function joinTopic(
	relayTcpAddr: string,
	topic: string,
	options: JoinOptions = {}
): Promise<TopicPeer> {
	const announceOn = options.announceOn;
	const node = await createLibp2p({
		transports: [tcp()],
		connectionEncrypters: [noise()],
		streamMuxers: [yamux()],
		peerDiscovery:
			announceOn == null ? [] : [pubsubPeerDiscovery({ topics: [announceOn], interval: 1_000 })],
		services: {
			identify: identify(),
			pubsub: gossipsub({ emitSelf: false, allowPublishToZeroTopicPeers: true })
		}
	});
	const payloads: Uint8Array[] = [];
	node.services.pubsub.addEventListener('message', (event) => {
		if (event.detail.topic === topic) payloads.push(event.detail.data);
	});
	node.services.pubsub.subscribe(topic);
	await node.dial(multiaddr(relayTcpAddr));
	return {
		payloads,
		publish: async (data) => void (await node.services.pubsub.publish(topic, data)),
		stop: async () => void (await node.stop())
	};
}

/**
 * Joins a room's fallback topic (the one the relay forwards) through a relay's TCP listener,
 * knowing the topic name but not the key. With `announce`, it also announces itself on the room's
 * discovery topic, so the room's browsers count it as a peer without a direct link.
 */
export function joinRoomFallback(
	relayAddress: string,
	tcpPort: number,
	roomId: string,
	options: { announce?: boolean } = {}
): Promise<TopicPeer> {
	const relayId = relayAddress.split('/p2p/')[1];
	const key = testRoomKey(roomId);
	return joinTopic(`/ip4/127.0.0.1/tcp/${tcpPort}/p2p/${relayId}`, fallbackTopicFromKey(key), {
		announceOn: options.announce === true ? discoveryTopicFromKey(key) : undefined
	});
}
