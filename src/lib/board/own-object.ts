import * as v from 'valibot';

/**
 * A valibot object schema for data that arrived from a peer as parsed JSON. `v.object` reads
 * fields with `key in input`, so it would take them from the prototype chain too. This one first
 * copies the object's own fields into a null-prototype record: a peer-supplied `__proto__` (or
 * any inherited field) lends nothing. Arrays are not records. The output, as with `v.object`, is
 * a fresh object holding only the listed fields (unknown ones are dropped).
 */
export function ownObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
	const keys = Object.keys(entries);
	return v.pipe(
		v.custom<object>(
			(value) => typeof value === 'object' && value !== null && !Array.isArray(value),
			'not a record'
		),
		v.transform((value) => {
			const own: Record<string, unknown> = Object.create(null);
			for (const key of keys) {
				if (Object.prototype.hasOwnProperty.call(value, key)) {
					own[key] = (value as Record<string, unknown>)[key];
				}
			}
			return own;
		}),
		v.object(entries)
	);
}
