/**
 * The write side of the schema: element values -> the values kept in an element's Y.Map, checked
 * so that this peer never writes anything its peers (or itself) would reject.
 */
import type { BoardElement, ElementPatch, StrokePoint } from './elements';
import { ELEMENT_FIELDS, isElementType, parseFields } from './schema';
import { encodePoints } from './stroke-codec';

/** The value stored under `key` for a field value (`points` are packed, the rest kept as is). */
export function storedValue(key: string, value: unknown): unknown {
	return key === 'points' ? encodePoints(value as readonly StrokePoint[]) : value;
}

/** All stored fields of an element, in ELEMENT_FIELDS order. Throws RangeError if invalid. */
export function storedFields(element: Omit<BoardElement, 'id'>): Map<string, unknown> {
	const source = element as unknown as Record<string, unknown>;
	const fields = new Map<string, unknown>();
	for (const key of ELEMENT_FIELDS[element.type]) fields.set(key, storedValue(key, source[key]));
	assertValid(Object.fromEntries(fields));
	return fields;
}

/**
 * The entries of `patch` that apply to an element of this type and differ from `current` (its
 * stored fields), stored-encoded. Keys the type does not have (e.g. `fill` for a pen) are ignored,
 * so one patch can restyle a mixed selection. Throws RangeError if the result would be invalid.
 */
export function storedPatch(
	current: Readonly<Record<string, unknown>>,
	patch: ElementPatch
): Map<string, unknown> {
	const type = current.type;
	if (!isElementType(type)) {
		throw new RangeError(`cannot update an element of unknown type ${String(type)}`);
	}
	const keys = ELEMENT_FIELDS[type];
	const changes = new Map<string, unknown>();
	for (const [key, value] of Object.entries(patch)) {
		if (key === 'type' || !keys.includes(key) || value === undefined) continue;
		const stored = storedValue(key, value);
		if (!sameStored(current[key], stored)) changes.set(key, stored);
	}
	if (changes.size > 0) assertValid({ ...current, ...Object.fromEntries(changes) });
	return changes;
}

function assertValid(fields: Record<string, unknown>): void {
	if (parseFields('', fields) === null) {
		throw new RangeError(`invalid ${String(fields.type)} element: peers would reject it`);
	}
}

function sameStored(a: unknown, b: unknown): boolean {
	if (a instanceof Uint8Array && b instanceof Uint8Array) {
		return a.length === b.length && a.every((byte, i) => byte === b[i]);
	}
	return Object.is(a, b);
}
