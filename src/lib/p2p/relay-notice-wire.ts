/**
 * The `/whiteboard/relay-notice/1.0.0` wire format (PROTOCOL.md, "Relay notices"), shared by the
 * relay and the browser: the relay opens a stream on a browser's own connection to tell it that
 * it refused something the browser asked for, writes one length-prefixed message and closes.
 * Imports nothing but lib0, so the relay (Node) and the app (Vite) both load it as it is.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const RELAY_NOTICE_PROTOCOL = '/whiteboard/relay-notice/1.0.0';
/** The only notice so far: a topic subscription the relay does not mirror. */
export const NOTICE_TOPIC_REFUSED = 1;
export const MAX_NOTICE_BYTES = 1024;

export interface TopicRefusedNotice {
	type: typeof NOTICE_TOPIC_REFUSED;
	topic: string;
	/** A short code: per-peer, full, budget, name. */
	reason: string;
	/** For people. */
	message: string;
}

export function encodeNotice(notice: TopicRefusedNotice): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, notice.type);
	encoding.writeVarString(encoder, notice.topic.slice(0, 256));
	encoding.writeVarString(encoder, notice.reason.slice(0, 32));
	encoding.writeVarString(encoder, notice.message.slice(0, 256));
	return encoding.toUint8Array(encoder);
}

/** Throws on anything but a well-formed topic-refused notice. */
export function decodeNotice(bytes: Uint8Array): TopicRefusedNotice {
	if (bytes.length > MAX_NOTICE_BYTES) throw new Error('relay notice too large');
	const decoder = decoding.createDecoder(bytes);
	const type = decoding.readVarUint(decoder);
	if (type !== NOTICE_TOPIC_REFUSED) throw new Error(`unknown relay notice type ${type}`);
	const notice: TopicRefusedNotice = {
		type,
		topic: decoding.readVarString(decoder),
		reason: decoding.readVarString(decoder),
		message: decoding.readVarString(decoder)
	};
	if (decoding.hasContent(decoder)) throw new Error('trailing bytes after a relay notice');
	return notice;
}
