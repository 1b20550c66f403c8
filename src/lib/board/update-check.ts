/**
 * Checks a Yjs update from a peer against the board schema before it is accepted (and forwarded):
 * every element must be a Y.Map, and every element field the update writes must be valid on its
 * own. Overwrites of existing entries travel without their parent (Yjs finds it from the entry
 * they replace), so those are left to the board, which ignores and counts invalid elements anyway.
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import { ELEMENTS_KEY, FIELD_SCHEMAS } from './schema';

export class InvalidUpdateError extends Error {
	override name = 'InvalidUpdateError';
}

const NOT_A_VALUE = Symbol('not a value');

/** New elements one gossip message may carry; larger changes travel over the sync stream. */
export const MAX_ELEMENTS_PER_UPDATE = 10_000;

function contentValue(content: Y.Item['content']): unknown {
	if (content instanceof Y.ContentAny)
		return content.arr.length === 1 ? content.arr[0] : NOT_A_VALUE;
	if (content instanceof Y.ContentBinary) return content.content;
	return NOT_A_VALUE;
}

/** Throws InvalidUpdateError (or Yjs's own error for an undecodable update). */
export function checkBoardUpdate(update: Uint8Array): void {
	let elements = 0;
	for (const struct of Y.decodeUpdate(update).structs) {
		if (!(struct instanceof Y.Item) || struct.content instanceof Y.ContentDeleted) continue;
		const key = struct.parentSub;
		// In a decoded update, a root parent is its name (typed as an AbstractType by Yjs).
		if ((struct.parent as unknown) === ELEMENTS_KEY) {
			if (!(struct.content instanceof Y.ContentType)) {
				throw new InvalidUpdateError(`element ${key} is not a map`);
			}
			if (++elements > MAX_ELEMENTS_PER_UPDATE) {
				throw new InvalidUpdateError(`more than ${MAX_ELEMENTS_PER_UPDATE} elements in one update`);
			}
		} else if (struct.parent instanceof Y.ID && key != null) {
			// Below the root, the document holds only element maps: this is an element field.
			const schema = FIELD_SCHEMAS[key];
			if (schema == null) continue;
			const value = contentValue(struct.content);
			if (value === NOT_A_VALUE || !v.is(schema, value)) {
				throw new InvalidUpdateError(`invalid element field "${key}"`);
			}
		}
	}
}
