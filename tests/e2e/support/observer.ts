// A Node.js libp2p peer built only from stock packages (none of the app's code): it connects to
// the relay over TCP and subscribes to a room's topic, seeing exactly the gossip the relay
// forwards to any subscriber — the view of the relay or of anyone who learns a topic name.
import '../../../relay/polyfills.ts';
import { hkdfSync } from 'node:crypto';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';

/** The room topic as PROTOCOL.md defines it: HKDF-SHA-256 over the key, info "whiteboard topic". */
export function roomTopicFromKey(keyBase64url: string): string {
	const key = Buffer.from(keyBase64url, 'base64url');
	const topicId = Buffer.from(
		hkdfSync('sha256', key, 'whiteboard room key v1', 'whiteboard topic', 16)
	).toString('base64url');
	return `whiteboard/room/${topicId}`;
}

export interface Observer {
	/** Every payload seen on the topic so far. */
	payloads: Uint8Array[];
	stop(): Promise<void>;
}

export async function observeTopic(relayTcpAddr: string, topic: string): Promise<Observer> {
	const node = await createLibp2p({
		transports: [tcp()],
		connectionEncrypters: [noise()],
		streamMuxers: [yamux()],
		services: { identify: identify(), pubsub: gossipsub({ emitSelf: false }) }
	});
	const payloads: Uint8Array[] = [];
	node.services.pubsub.addEventListener('message', (event) => {
		if (event.detail.topic === topic) payloads.push(event.detail.data);
	});
	node.services.pubsub.subscribe(topic);
	await node.dial(multiaddr(relayTcpAddr));
	return { payloads, stop: async () => void (await node.stop()) };
}
