// gossipsub's fastMsgIdFn, the same as the app's (src/lib/p2p/message-id.ts; the relay imports
// nothing from the app, and a unit test checks that both give the same ids). Under StrictSign a
// message's id is its author's key and sequence number, so a copy is recognised by the raw `from`
// and `seqno` before its signature is checked again. Gossipsub files a fast id only once the
// message validated, so a forged copy cannot shadow a real one; fields no valid message has give ''.
import type { GossipsubOpts } from '@libp2p/gossipsub';

const MAX_FROM_BYTES = 64;

export const fastMessageId: GossipsubOpts['fastMsgIdFn'] = (message) => {
	const { from, seqno } = message;
	if (from == null || seqno == null || from.length > MAX_FROM_BYTES || seqno.length !== 8)
		return '';
	let id = '';
	for (const byte of seqno) id += String.fromCharCode(byte);
	for (const byte of from) id += String.fromCharCode(byte);
	return id;
};
