// The "address" that per-address limits count: the IPv4 address, or the /64 prefix of an IPv6
// address (one host, or one home network, usually gets a whole /64).
import { isIPv4, isIPv6 } from 'node:net';
import type { Multiaddr } from '@multiformats/multiaddr';

export function addressKey(ma: Multiaddr): string | undefined {
	for (const { name, value } of ma.getComponents()) {
		if (name === 'ip4' && value != null) return value;
		if (name === 'ip6' && value != null) return ipv6Prefix64(value);
	}
	return undefined;
}

/**
 * The same for an address as a socket reports it (a plain HTTP request); an IPv4-mapped IPv6
 * address counts as its IPv4 address, as libp2p reports it.
 */
export function ipAddressKey(address: string | undefined): string | undefined {
	if (address == null) return undefined;
	const mapped = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
	if (isIPv4(mapped)) return mapped;
	return isIPv6(address) ? ipv6Prefix64(address) : undefined;
}

function ipv6Prefix64(address: string): string {
	const [head = '', tail = ''] = address.split('::');
	const left = head === '' ? [] : head.split(':');
	const right = tail === '' ? [] : tail.split(':');
	const groups = address.includes('::')
		? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
		: left;
	return `${groups
		.slice(0, 4)
		.map((group) => Number.parseInt(group || '0', 16).toString(16))
		.join(':')}::/64`;
}
