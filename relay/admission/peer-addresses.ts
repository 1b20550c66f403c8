// The address (admission/address.ts) each connected peer connects from, looked up once per peer
// rather than on every gossip message it sends; forgotten when the peer leaves.
import type { Connection, PeerId } from '@libp2p/interface';
import { addressKey } from './address.ts';

export class PeerAddresses {
	readonly #connectionsOf: (peer: PeerId) => Connection[];
	readonly #known = new Map<string, string | undefined>();

	constructor(connectionsOf: (peer: PeerId) => Connection[]) {
		this.#connectionsOf = connectionsOf;
	}

	addressOf = (peer: PeerId): string | undefined => {
		const id = peer.toString();
		if (this.#known.has(id)) return this.#known.get(id);
		const [conn] = this.#connectionsOf(peer);
		if (conn == null) return undefined;
		const address = addressKey(conn.remoteAddr);
		this.#known.set(id, address);
		return address;
	};

	forget(peer: PeerId): void {
		this.#known.delete(peer.toString());
	}
}
