import { isPrivate } from '@libp2p/utils';
import { WebSockets } from '@multiformats/multiaddr-matcher';
import type { ConnectionGater } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import type { NetworkConfig } from './config';

/**
 * libp2p's browser default refuses ws:// and private addresses. A relay on localhost or on the LAN
 * needs both, so they are allowed exactly when the configuration says the relay lives there.
 */
export function connectionGater(
	config: Pick<NetworkConfig, 'allowPrivateAddresses' | 'allowInsecureWebSockets'>
): ConnectionGater {
	return {
		denyDialMultiaddr: (ma: Multiaddr) => {
			if (WebSockets.matches(ma) && !config.allowInsecureWebSockets) return true;
			return isPrivate(ma) === true && !config.allowPrivateAddresses;
		}
	};
}
