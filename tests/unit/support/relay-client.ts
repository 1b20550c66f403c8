// A stock js-libp2p client of the relay over loopback TCP, from a chosen source address
// (127.0.0.2 etc. are loopback too on Linux), as a browser or an abusive client would be:
// optionally holding a circuit-relay reservation, with gossipsub, and recording relay notices.
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2';
import { gossipsub, type GossipSub } from '@libp2p/gossipsub';
import { identify, type Identify } from '@libp2p/identify';
import { tcp } from '@libp2p/tcp';
import { lpStream } from '@libp2p/utils';
import { createLibp2p, type Libp2p } from 'libp2p';
import {
	decodeNotice,
	RELAY_NOTICE_PROTOCOL,
	type TopicRefusedNotice
} from '../../../src/lib/p2p/relay-notice-wire.ts';

export type RelayClient = Libp2p<{ identify: Identify; pubsub: GossipSub }> & {
	notices: TopicRefusedNotice[];
};

export interface RelayClientOptions {
	/** Source address of every TCP connection. @default 127.0.0.1 */
	localAddress?: string;
	/** Ask relays for a reservation (listen on /p2p-circuit). @default false */
	reserve?: boolean;
}

export async function createRelayClient(options: RelayClientOptions = {}): Promise<RelayClient> {
	const node = await createLibp2p({
		addresses: { listen: options.reserve ? ['/p2p-circuit'] : [] },
		transports: [
			// dialOpts reach net.connect; localAddress is one of its options
			tcp({ dialOpts: { localAddress: options.localAddress ?? '127.0.0.1' } as object }),
			circuitRelayTransport()
		],
		connectionEncrypters: [noise()],
		streamMuxers: [yamux()],
		services: {
			identify: identify(),
			pubsub: gossipsub()
		}
	});
	const notices: TopicRefusedNotice[] = [];
	await node.handle(RELAY_NOTICE_PROTOCOL, async (stream) => {
		const bytes = await lpStream(stream).read();
		notices.push(decodeNotice(bytes.subarray()));
		await stream.close();
	});
	return Object.assign(node, { notices });
}
