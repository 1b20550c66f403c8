/**
 * A document's state as a series of ordinary Yjs updates (v1) of bounded size, so that a large
 * board can be sent, checked and applied piece by piece: the receiver works on one piece while
 * the next ones are still on the wire. See PROTOCOL.md, "Sync stream".
 *
 * Each piece holds, for one or more clients, the structs of a contiguous clock range that follows
 * what the receiver already has (its state vector) or what earlier pieces carried, in the order
 * Yjs itself writes them (higher client ids first, clocks ascending), and an empty delete set.
 * Applied in order, every piece integrates at once unless it refers to another client's structs
 * that a later piece carries; Yjs keeps such structs pending and integrates them when that piece
 * arrives. The delete set travels in the final message (`Y.encodeStateAsUpdate` of what is left).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * The next piece of `doc`'s state after `covered` (client -> first clock not yet sent), or null
 * when `covered` holds everything. Advances `covered` past what the piece holds. Reads the
 * document's struct store synchronously, so it is safe to call again after the document changed.
 *
 * @param maxBytes the piece stops growing once its structs take this many bytes (one struct may
 *   overshoot it)
 * @param maxStructs and it never holds more than this many structs
 */
export function nextStateChunk(
	doc: Y.Doc,
	covered: Map<number, number>,
	maxBytes: number,
	maxStructs: number
): Uint8Array | null {
	const clients = doc.store.clients;
	const blocks: { client: number; clock: number; count: number; body: Uint8Array }[] = [];
	let bytes = 0;
	let structCount = 0;
	for (const client of [...clients.keys()].sort((a, b) => b - a)) {
		if (bytes >= maxBytes || structCount >= maxStructs) break;
		const structs = clients.get(client);
		const last = structs?.at(-1);
		if (structs === undefined || last === undefined || structs[0] === undefined) continue;
		const end = last.id.clock + last.length;
		const start = Math.max(covered.get(client) ?? 0, structs[0].id.clock);
		if (start >= end) continue;
		const encoder = new Y.UpdateEncoderV1();
		let clock = start;
		let count = 0;
		for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
			const struct = structs[i] as Y.Item | Y.GC;
			struct.write(encoder, clock - struct.id.clock);
			clock = struct.id.clock + struct.length;
			count++;
			if (
				bytes + encoding.length(encoder.restEncoder) >= maxBytes ||
				structCount + count >= maxStructs
			) {
				break;
			}
		}
		const body = encoder.toUint8Array();
		blocks.push({ client, clock: start, count, body });
		bytes += body.length;
		structCount += count;
		covered.set(client, clock);
	}
	if (blocks.length === 0) return null;
	const out = encoding.createEncoder();
	encoding.writeVarUint(out, blocks.length);
	for (const block of blocks) {
		encoding.writeVarUint(out, block.count);
		encoding.writeVarUint(out, block.client);
		encoding.writeVarUint(out, block.clock);
		encoding.writeUint8Array(out, block.body);
	}
	encoding.writeVarUint(out, 0); // empty delete set
	return encoding.toUint8Array(out);
}
