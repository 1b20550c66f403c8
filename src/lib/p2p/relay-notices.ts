import { lpStream } from '@libp2p/utils';
import type { Connection, Libp2p, Stream } from '@libp2p/interface';
import type { NetworkEventSink } from './events';
import { decodeNotice, MAX_NOTICE_BYTES, RELAY_NOTICE_PROTOCOL } from './relay-notice-wire';
import { DISCOVERY_TOPIC_PREFIX, FALLBACK_TOPIC_PREFIX } from './constants';

const READ_TIMEOUT_MS = 5000;

/**
 * Listens for what a relay refused this browser (PROTOCOL.md, "Relay notices"), e.g. to mirror
 * the room's topics because it is full, and logs it for Diagnostics as `relay-refused`. Only the
 * browser's own (not relayed) connections may send one.
 */
export class RelayNoticeListener {
	readonly #node: Pick<Libp2p, 'handle' | 'unhandle'>;
	readonly #onEvent: NetworkEventSink;

	constructor(node: Pick<Libp2p, 'handle' | 'unhandle'>, onEvent: NetworkEventSink) {
		this.#node = node;
		this.#onEvent = onEvent;
	}

	async start(): Promise<void> {
		await this.#node.handle(RELAY_NOTICE_PROTOCOL, this.#onStream, {
			maxInboundStreams: 2,
			runOnLimitedConnection: false
		});
	}

	async stop(): Promise<void> {
		await this.#node.unhandle(RELAY_NOTICE_PROTOCOL).catch(() => {});
	}

	#onStream = async (stream: Stream, connection: Connection): Promise<void> => {
		try {
			const lp = lpStream(stream, { maxDataLength: MAX_NOTICE_BYTES });
			const bytes = await lp.read({ signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
			const notice = decodeNotice(bytes.subarray());
			this.#onEvent({
				kind: 'relay-refused',
				peer: connection.remotePeer.toString(),
				detail: `${topicLabel(notice.topic)}: ${notice.message} (${notice.reason})`
			});
			await stream.close();
		} catch (err) {
			stream.abort(err as Error);
		}
	};
}

/** "the room's discovery topic" rather than a topic id nobody recognises. */
function topicLabel(topic: string): string {
	if (topic.startsWith(DISCOVERY_TOPIC_PREFIX)) return `discovery topic ${topic}`;
	if (topic.startsWith(FALLBACK_TOPIC_PREFIX)) return `relayed room topic ${topic}`;
	return `topic ${topic}`;
}
