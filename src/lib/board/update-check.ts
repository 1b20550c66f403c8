/**
 * Checks a Yjs update from a peer against the board schema before it is accepted (and forwarded):
 * every element must be a Y.Map, and every element field the update writes must be valid on its
 * own. Overwrites of existing entries travel without their parent (Yjs finds it from the entry
 * they replace), so those are left to the board, which ignores and counts invalid elements anyway.
 *
 * It reads the update (Yjs update format v1) with its own reader instead of `Y.decodeUpdate`: the
 * same structure, read the same way (and refused wherever Yjs's reader throws), but without
 * building an Item per struct, copying binary content or decoding every key through a
 * TextDecoder. A whole board arriving at a late joiner is checked this way, piece by piece.
 */
import { BLOBS_KEY, isBlobHash, MAX_BLOB_BYTES } from './blobs';
import * as decoding from 'lib0/decoding';
import * as v from 'valibot';
import { ELEMENTS_KEY, FIELD_SCHEMAS } from './schema';

export class InvalidUpdateError extends Error {
	override name = 'InvalidUpdateError';
}

/** New elements one gossip message may carry; larger changes travel over the sync stream. */
export const MAX_ELEMENTS_PER_UPDATE = 10_000;

/** Only the schema's own keys (a plain object would also answer "constructor", ...). */
const SCHEMAS = new Map(Object.entries(FIELD_SCHEMAS));

// Struct info byte (Yjs): content kind in the low 5 bits, then parentSub, right origin, origin.
const CONTENT_BITS = 0b11111;
const HAS_PARENT_SUB = 0x20;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_ORIGIN = 0x80;
const SKIP = 10;
// Content kinds (Yjs contentRefs).
const DELETED = 1;
const JSON_CONTENT = 2;
const BINARY = 3;
const STRING = 4;
const EMBED = 5;
const FORMAT = 6;
const TYPE = 7;
const ANY = 8;
const DOC = 9;
/** Y.XmlElement and Y.XmlHook carry a name after their type ref; refs above 6 do not exist. */
const TYPE_WITH_KEY = new Set([3, 5]);
const MAX_TYPE_REF = 6;

const NOT_A_VALUE = Symbol('not a value');

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A string as Yjs reads it (invalid UTF-8 throws); ASCII, i.e. every key the board writes, fast. */
function readString(decoder: decoding.Decoder): string {
	const bytes = decoding.readVarUint8Array(decoder);
	if (bytes.length > 32) return utf8.decode(bytes);
	let text = '';
	for (let i = 0; i < bytes.length; i++) {
		const byte = bytes[i] as number;
		if (byte >= 0x80) return utf8.decode(bytes);
		text += String.fromCharCode(byte);
	}
	return text;
}

/** Reads one item's content; returns its single value (an Any or binary), else NOT_A_VALUE. */
function readContent(decoder: decoding.Decoder, kind: number): unknown {
	switch (kind) {
		case DELETED:
			decoding.readVarUint(decoder);
			return NOT_A_VALUE;
		case JSON_CONTENT: {
			const len = decoding.readVarUint(decoder);
			for (let i = 0; i < len; i++) {
				const text = decoding.readVarString(decoder);
				if (text !== 'undefined') JSON.parse(text);
			}
			return NOT_A_VALUE;
		}
		case BINARY:
			return decoding.readVarUint8Array(decoder);
		case STRING:
			decoding.readVarString(decoder);
			return NOT_A_VALUE;
		case EMBED:
			JSON.parse(decoding.readVarString(decoder));
			return NOT_A_VALUE;
		case FORMAT:
			decoding.readVarString(decoder);
			JSON.parse(decoding.readVarString(decoder));
			return NOT_A_VALUE;
		case TYPE: {
			const ref = decoding.readVarUint(decoder);
			if (ref > MAX_TYPE_REF) throw new InvalidUpdateError(`unknown type ref ${ref}`);
			if (TYPE_WITH_KEY.has(ref)) decoding.readVarString(decoder);
			return NOT_A_VALUE;
		}
		case ANY: {
			const len = decoding.readVarUint(decoder);
			let value: unknown = NOT_A_VALUE;
			for (let i = 0; i < len; i++) value = decoding.readAny(decoder);
			return len === 1 ? value : NOT_A_VALUE;
		}
		case DOC: {
			decoding.readVarString(decoder);
			// Yjs creates the subdocument from these options and fails on null or undefined.
			if (decoding.readAny(decoder) == null) throw new InvalidUpdateError('bad subdocument');
			return NOT_A_VALUE;
		}
		default:
			throw new InvalidUpdateError(`unknown content kind ${kind}`);
	}
}

/** Throws InvalidUpdateError (or a decoding error for an undecodable update). */
export function checkBoardUpdate(update: Uint8Array): void {
	const decoder = decoding.createDecoder(update);
	let elements = 0;
	const clients = decoding.readVarUint(decoder);
	for (let c = 0; c < clients; c++) {
		const structs = decoding.readVarUint(decoder);
		decoding.readVarUint(decoder); // client
		decoding.readVarUint(decoder); // clock
		for (let s = 0; s < structs; s++) {
			const info = decoding.readUint8(decoder);
			const kind = info & CONTENT_BITS;
			if (info === SKIP || kind === 0) {
				decoding.readVarUint(decoder); // length of a skip or a GC range
				continue;
			}
			if ((info & HAS_ORIGIN) !== 0) {
				decoding.readVarUint(decoder);
				decoding.readVarUint(decoder);
			}
			if ((info & HAS_RIGHT_ORIGIN) !== 0) {
				decoding.readVarUint(decoder);
				decoding.readVarUint(decoder);
			}
			// Only an item with neither origin names its parent (a root key or an item's id).
			let rootKey: string | null = null;
			let inItem = false;
			let key: string | null = null;
			if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
				if (decoding.readVarUint(decoder) === 1) {
					rootKey = readString(decoder);
				} else {
					decoding.readVarUint(decoder);
					decoding.readVarUint(decoder);
					inItem = true;
				}
				if ((info & HAS_PARENT_SUB) !== 0) key = readString(decoder);
			}
			const value = readContent(decoder, kind);
			if (kind === DELETED) continue;
			if (rootKey === ELEMENTS_KEY) {
				if (kind !== TYPE) throw new InvalidUpdateError(`element ${key} is not a map`);
				if (++elements > MAX_ELEMENTS_PER_UPDATE) {
					throw new InvalidUpdateError(
						`more than ${MAX_ELEMENTS_PER_UPDATE} elements in one update`
					);
				}
			} else if (rootKey === BLOBS_KEY) {
				const bytes = value instanceof Uint8Array ? value : null;
				if (!isBlobHash(key) || bytes === null || bytes.length > MAX_BLOB_BYTES) {
					throw new InvalidUpdateError(`invalid blob ${key}`);
				}
			} else if (inItem && key !== null) {
				// Below the root, the document holds only element maps: this is an element field.
				const schema = SCHEMAS.get(key);
				if (schema === undefined) continue;
				if (value === NOT_A_VALUE || !v.is(schema, value)) {
					throw new InvalidUpdateError(`invalid element field "${key}"`);
				}
			}
		}
	}
	// The delete set: read as Yjs reads it, so that a truncated one is refused as well.
	const deleted = decoding.readVarUint(decoder);
	for (let c = 0; c < deleted; c++) {
		decoding.readVarUint(decoder); // client
		const ranges = decoding.readVarUint(decoder);
		for (let r = 0; r < ranges; r++) {
			decoding.readVarUint(decoder);
			decoding.readVarUint(decoder);
		}
	}
}
