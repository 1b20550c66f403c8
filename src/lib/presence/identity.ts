import { isPresenceColor, MAX_NAME_LENGTH } from './presence-state';

/**
 * Who this browser is on every board: a display name and a colour, remembered in localStorage so
 * they stay the same across visits (and tabs). New visitors get a friendly random pair.
 */
export interface Identity {
	name: string;
	color: string;
}

/** Saturated enough for white label text, distinct enough to tell a handful of peers apart. */
export const PRESENCE_COLORS = [
	'#e64553',
	'#fe640b',
	'#df8e1d',
	'#40a02b',
	'#179299',
	'#1e66f5',
	'#7287fd',
	'#8839ef',
	'#ea76cb',
	'#dd7878'
] as const;

const ADJECTIVES = [
	'Blue',
	'Red',
	'Green',
	'Golden',
	'Silver',
	'Amber',
	'Violet',
	'Swift',
	'Quiet',
	'Brave',
	'Clever',
	'Sunny',
	'Misty',
	'Lucky',
	'Gentle',
	'Jolly'
];
const ANIMALS = [
	'Fox',
	'Otter',
	'Owl',
	'Heron',
	'Lynx',
	'Badger',
	'Panda',
	'Koala',
	'Falcon',
	'Dolphin',
	'Hare',
	'Wren',
	'Moose',
	'Gecko',
	'Puffin',
	'Tiger'
];

const STORAGE_KEY = 'whiteboard:identity';

type Random = () => number;

const pick = <T>(items: readonly T[], random: Random): T =>
	items[Math.floor(random() * items.length) % items.length] as T;

export const randomName = (random: Random = Math.random): string =>
	`${pick(ADJECTIVES, random)} ${pick(ANIMALS, random)}`;

export const randomColor = (random: Random = Math.random): string => pick(PRESENCE_COLORS, random);

/**
 * A typed name made fit to share: control characters removed, whitespace collapsed, cut to
 * MAX_NAME_LENGTH code units without splitting a character. Null if nothing is left.
 */
export function normalizeName(input: string): string | null {
	const cleaned = input
		.replace(/\p{Cc}/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	let name = '';
	for (const char of cleaned) {
		if (name.length + char.length > MAX_NAME_LENGTH) break;
		name += char;
	}
	name = name.trimEnd();
	return name === '' ? null : name;
}

type IdentityStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The browser's localStorage, or null where merely touching it throws (some privacy modes). */
export function browserStorage(): IdentityStorage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null;
	}
}

export class IdentityStore {
	readonly #storage: IdentityStorage | null;
	readonly #random: Random;

	constructor(storage: IdentityStorage | null, random: Random = Math.random) {
		this.#storage = storage;
		this.#random = random;
	}

	/** The stored identity; a new random one (saved) on the first visit or if it is corrupt. */
	load(): Identity {
		const stored = this.#read();
		const identity = {
			name:
				normalizeName(typeof stored?.name === 'string' ? stored.name : '') ??
				randomName(this.#random),
			color: isPresenceColor(stored?.color) ? stored.color : randomColor(this.#random)
		};
		if (stored?.name !== identity.name || stored.color !== identity.color) this.save(identity);
		return identity;
	}

	save(identity: Identity): void {
		try {
			this.#storage?.setItem(STORAGE_KEY, JSON.stringify(identity));
		} catch {
			// Storage full or disabled (private mode): the name lasts for this visit only.
		}
	}

	#read(): Record<string, unknown> | null {
		try {
			const parsed: unknown = JSON.parse(this.#storage?.getItem(STORAGE_KEY) ?? 'null');
			return typeof parsed === 'object' && parsed !== null
				? (parsed as Record<string, unknown>)
				: null;
		} catch {
			return null;
		}
	}
}
