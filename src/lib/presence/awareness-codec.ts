import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The y-protocols awareness update format, read without trusting it. `applyAwarenessUpdate` from
 * y-protocols throws half-way through on bad input and stores whatever JSON it finds, so updates
 * from peers are decoded and checked here first, then re-encoded with only what we accept.
 *
 * update = varuint count, count × (varuint clientID, varuint clock, varstring stateJSON)
 */
export interface AwarenessEntry {
	/** The peer's Y.Doc clientID (uint32). */
	clientId: number;
	/** Increases with every change of that client's state; stale entries are ignored on apply. */
	clock: number;
	/** Parsed JSON; null means the client has left. */
	state: unknown;
}

/** We publish one entry per message; a few more leave room for other implementations. */
export const MAX_AWARENESS_ENTRIES = 100;
/** A name, a colour and a cursor take about 100 characters; this is far above that. */
export const MAX_STATE_JSON_LENGTH = 8 * 1024;
const MAX_CLIENT_ID = 0xffff_ffff;

export class AwarenessUpdateError extends Error {
	override name = 'AwarenessUpdateError';
}

/** Decodes an untrusted awareness update; throws AwarenessUpdateError on anything malformed. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
	try {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		if (count > MAX_AWARENESS_ENTRIES) {
			throw new AwarenessUpdateError(`${count} awareness entries exceed the limit`);
		}
		const entries: AwarenessEntry[] = [];
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const json = decoding.readVarString(decoder);
			if (clientId > MAX_CLIENT_ID) throw new AwarenessUpdateError(`client id ${clientId}`);
			if (json.length > MAX_STATE_JSON_LENGTH) {
				throw new AwarenessUpdateError(`state of ${json.length} characters exceeds the limit`);
			}
			entries.push({ clientId, clock, state: JSON.parse(json) as unknown });
		}
		if (decoding.hasContent(decoder)) throw new AwarenessUpdateError('trailing bytes');
		return entries;
	} catch (err) {
		if (err instanceof AwarenessUpdateError) throw err;
		throw new AwarenessUpdateError(`malformed awareness update: ${(err as Error).message}`);
	}
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const { clientId, clock, state } of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
	}
	return encoding.toUint8Array(encoder);
}
