import type { GossipsubOpts } from '@libp2p/gossipsub';

/** Longer `from` fields belong to no peer id we accept (Ed25519 ids are 38 bytes). */
const MAX_FROM_BYTES = 64;

/**
 * gossipsub's `fastMsgIdFn`. Under StrictSign a message's id is its author's key and sequence
 * number, so a copy of a message we have seen (the same stroke from a second peer, or from the
 * relay) is recognised by the raw `from` and `seqno` fields before anything is decoded or its
 * signature checked again (a valid seqno is exactly 8 bytes). Gossipsub files a fast id only after the message validated, so a forged
 * copy cannot shadow a real one. Fields no valid message has give '' (never filed).
 */
export const fastMessageId: GossipsubOpts['fastMsgIdFn'] = (message) => {
	const { from, seqno } = message;
	if (from == null || seqno == null || from.length > MAX_FROM_BYTES || seqno.length !== 8)
		return '';
	let id = '';
	for (const byte of seqno) id += String.fromCharCode(byte);
	for (const byte of from) id += String.fromCharCode(byte);
	return id;
};
