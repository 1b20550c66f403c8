// The "address" that per-address limits count: the IPv4 address, or the /64 prefix of an IPv6
// address (one host, or one home network, usually gets a whole /64).
import type { Multiaddr } from '@multiformats/multiaddr';

export function addressKey(ma: Multiaddr): string | undefined {
	for (const { name, value } of ma.getComponents()) {
		if (name === 'ip4' && value != null) return value;
		if (name === 'ip6' && value != null) return ipv6Prefix64(value);
	}
	return undefined;
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
