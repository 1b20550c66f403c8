const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A random element id (16 chars, ~95 bits). Uses getRandomValues rather than randomUUID because
 * the latter is missing outside secure contexts (e.g. the app served over plain http on a LAN).
 */
export function newElementId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	let id = '';
	for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
	return id;
}
