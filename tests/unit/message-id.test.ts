import { describe, expect, it } from 'vitest';
import type { GossipsubOpts } from '@libp2p/gossipsub';
import { fastMessageId } from '../../src/lib/p2p/message-id.ts';
import { newPeerId } from './support/fake-gossip.ts';

type RawMessage = Parameters<GossipsubOpts['fastMsgIdFn']>[0];

/** An 8-byte big-endian sequence number, as gossipsub writes it. */
function seqno(n: number): Uint8Array {
	const bytes = new Uint8Array(8);
	bytes[7] = n;
	return bytes;
}

async function raw(n: number, data = Uint8Array.of(1)): Promise<RawMessage> {
	const from = (await newPeerId()).toMultihash().bytes;
	return { from, seqno: seqno(n), data, topic: 'whiteboard/room/abcd' };
}

describe('fast message ids (gossipsub fastMsgIdFn)', () => {
	it('are the same for two copies of one message, whoever forwarded them', async () => {
		const message = await raw(1);
		const copy = { ...message, data: Uint8Array.of(1), signature: Uint8Array.of(9) };
		expect(fastMessageId(copy)).toBe(fastMessageId(message));
	});

	it('differ between messages: another sequence number or another author', async () => {
		const message = await raw(1);
		const next = { ...message, seqno: seqno(2) };
		const other = await raw(1);
		const ids = new Set([message, next, other].map((m) => fastMessageId(m)));
		expect(ids.size).toBe(3);
	});

	it('are empty for fields no valid message has (gossipsub then checks the message in full)', async () => {
		const message = await raw(1);
		expect(fastMessageId({ ...message, from: undefined })).toBe('');
		expect(fastMessageId({ ...message, seqno: undefined })).toBe('');
		expect(fastMessageId({ ...message, seqno: new Uint8Array(9) })).toBe('');
		expect(fastMessageId({ ...message, from: new Uint8Array(65) })).toBe('');
	});
});
