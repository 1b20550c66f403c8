import { describe, expect, it } from 'vitest';
import {
	IdentityStore,
	normalizeName,
	PRESENCE_COLORS,
	randomName
} from '../../src/lib/presence/identity.ts';
import { MAX_NAME_LENGTH, parsePresenceState } from '../../src/lib/presence/presence-state.ts';

const user = { name: 'Alice', color: '#1e66f5' };
/** What a state without drafts (a peer from before them) reads as. */
const NO_DRAFT = { draft: null, committed: null, laser: null, view: null, following: null };

describe('parsePresenceState', () => {
	it('accepts a valid state and keeps only the known fields', () => {
		expect(parsePresenceState({ user, cursor: { x: 1.5, y: -2 } })).toEqual({
			user,
			cursor: { x: 1.5, y: -2 },
			...NO_DRAFT
		});
		expect(parsePresenceState({ user: { ...user, extra: 1 }, cursor: null, more: 2 })).toEqual({
			user,
			cursor: null,
			...NO_DRAFT
		});
		for (const color of ['#abc', '#abcd', '#AABBCC', '#aabbccdd']) {
			expect(parsePresenceState({ user: { ...user, color }, cursor: null })).not.toBeNull();
		}
	});

	it('refuses anything malformed', () => {
		const bad: unknown[] = [
			null,
			'state',
			[],
			{ cursor: null },
			{ user, cursor: undefined },
			{ user: { ...user, name: 'x'.repeat(MAX_NAME_LENGTH + 1) }, cursor: null },
			{ user: { ...user, name: 42 }, cursor: null },
			{ user: { ...user, color: 'rgb(0,0,0)' }, cursor: null },
			{ user: { ...user, color: '#12345' }, cursor: null },
			{ user, cursor: { x: Number.NaN, y: 0 } },
			{ user, cursor: { x: 0, y: Number.POSITIVE_INFINITY } },
			{ user, cursor: { x: 0 } },
			{ user, cursor: [0, 0] }
		];
		for (const value of bad) expect(parsePresenceState(value), JSON.stringify(value)).toBeNull();
		expect(
			parsePresenceState({
				user: { name: 'x'.repeat(MAX_NAME_LENGTH), color: '#fff' },
				cursor: null
			})
		).not.toBeNull();
	});

	it('ignores inherited fields (a peer-supplied __proto__)', () => {
		const value = JSON.parse('{"__proto__":{"user":{"name":"Eve","color":"#fff"}},"cursor":null}');
		expect(parsePresenceState(value)).toBeNull();
		// Fields the prototype chain would lend (valibot's plain v.object reads them) count as missing.
		const inherited = Object.assign(Object.create({ user }), { cursor: null });
		expect(parsePresenceState(inherited)).toBeNull();
		const inheritedName = {
			user: Object.assign(Object.create({ name: 'Eve' }), { color: '#fff' })
		};
		expect(parsePresenceState({ ...inheritedName, cursor: null })).toBeNull();
		const inheritedX = { user, cursor: Object.assign(Object.create({ x: 1 }), { y: 2 }) };
		expect(parsePresenceState(inheritedX)).toBeNull();
	});

	it('returns plain objects holding only the known fields, never the input', () => {
		const input = JSON.parse(
			'{"user":{"name":"Al","color":"#fff","__proto__":{"x":1}},"cursor":{"x":1,"y":2,"z":3}}'
		);
		const state = parsePresenceState(input);
		expect(state).toEqual({
			user: { name: 'Al', color: '#fff' },
			cursor: { x: 1, y: 2 },
			...NO_DRAFT
		});
		expect(state).not.toBe(input);
		expect(Object.keys(state?.user ?? {})).toEqual(['name', 'color']);
		expect(Object.getPrototypeOf(state?.user)).toBe(Object.prototype);
		expect(Object.keys(state?.cursor ?? {})).toEqual(['x', 'y']);
	});
});

describe('display names', () => {
	it('normalizes typed names', () => {
		expect(normalizeName('  Alice   Smith \n')).toBe('Alice Smith');
		expect(normalizeName('a\u0000b')).toBe('a b');
		expect(normalizeName('   ')).toBeNull();
		expect(normalizeName('x'.repeat(100))).toHaveLength(MAX_NAME_LENGTH);
		// 63 letters and an emoji (two code units) would be 65: the emoji is dropped, not split.
		expect(normalizeName(`${'x'.repeat(63)}🦊`)).toBe('x'.repeat(63));
	});

	it('makes friendly random names', () => {
		expect(randomName(() => 0)).toBe('Blue Fox');
		expect(randomName()).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
	});

	it('remembers the identity across visits', () => {
		const data = new Map<string, string>();
		const storage = {
			getItem: (key: string) => data.get(key) ?? null,
			setItem: (key: string, value: string) => void data.set(key, value)
		};
		const first = new IdentityStore(storage).load();
		expect(PRESENCE_COLORS).toContain(first.color);
		expect(new IdentityStore(storage).load()).toEqual(first);
		new IdentityStore(storage).save({ ...first, name: 'Alice' });
		expect(new IdentityStore(storage).load()).toEqual({ ...first, name: 'Alice' });
	});

	it('replaces a corrupt stored identity and survives without storage', () => {
		const storage = {
			getItem: () => '{"name":"   ","color":"javascript:"}',
			setItem: () => {
				throw new Error('quota');
			}
		};
		const identity = new IdentityStore(storage, () => 0).load();
		expect(identity).toEqual({ name: 'Blue Fox', color: PRESENCE_COLORS[0] });
		expect(new IdentityStore(null).load().name).toMatch(/ /);
	});
});
