/** base64url without padding (RFC 4648 §5): what fits in a URL fragment and a topic name. */
export function toBase64url(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Decodes base64url; null if `text` is not canonical base64url (so each key has one spelling). */
export function fromBase64url(text: string): Uint8Array | null {
	if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
	const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
	const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
	return toBase64url(bytes) === text ? bytes : null;
}
