const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ID_LENGTH = 16;

/** What every id this app makes looks like (PROTOCOL.md, "Board document"). */
export const ELEMENT_ID_PATTERN = /^[0-9a-zA-Z]{16}$/;

export const isElementId = (value: unknown): value is string =>
	typeof value === 'string' && ELEMENT_ID_PATTERN.test(value);

/**
 * A random element id (16 chars, ~95 bits). Uses getRandomValues rather than randomUUID because
 * the latter is missing outside secure contexts (e.g. the app served over plain http on a LAN).
 */
export function newElementId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(ID_LENGTH));
	let id = '';
	for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
	return id;
}
