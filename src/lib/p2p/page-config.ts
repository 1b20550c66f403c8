import { resolveNetworkConfig, type NetworkConfig } from './config';

/** The network configuration of the page at `location`: its `?relay=` and the build's settings. */
export function pageNetworkConfig(location: URL): NetworkConfig {
	return resolveNetworkConfig({
		location,
		buildRelays: import.meta.env.VITE_RELAYS,
		buildIceServers: import.meta.env.VITE_ICE_SERVERS
	});
}
