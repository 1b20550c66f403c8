// Which inbound connections the relay takes, so one client cannot crowd out everyone else:
//   - at most `newPerAddressPerSecond` new connections per second per address, `maxPerAddress`
//     open ones, and `maxPendingPerAddress` of them still in their handshake (libp2p's own
//     pending cap is global: a client that keeps half-open handshakes would otherwise block every
//     new browser);
//   - at most `maxPerPeer` connections per peer id;
//   - when `maxConnections` are open, a newcomer is let in by closing the oldest connection of a
//     peer that has no room (no reservation and no mirrored topic) after `graceMs`; if every peer
//     has a room, the newcomer is refused.
// Wired in as connection gater hooks (gater.ts). libp2p's `maxConnections` must sit above ours.
import { RateLimiter } from '@libp2p/utils';
import type { Connection, MultiaddrConnection, PeerId } from '@libp2p/interface';
import type { RefusalCounters } from '../refusals.ts';
import { addressKey } from './address.ts';

export interface ConnectionAdmissionOptions {
	maxConnections: number;
	maxPerAddress: number;
	maxPendingPerAddress: number;
	/** New connections per second from one address. @default 50 */
	newPerAddressPerSecond?: number;
	maxPerPeer: number;
	/** A roomless peer's connection younger than this is not closed for a newcomer. @default 10000 */
	graceMs?: number;
	connections: () => Connection[];
	/** A peer that holds a reservation or a mirrored topic. */
	hasRoom: (peer: PeerId) => boolean;
	refusals: RefusalCounters;
	onRefused?: (address: string, reason: string) => void;
	onEvicted?: (connection: Connection) => void;
	now?: () => number;
}

interface AddressUse {
	open: number;
	pending: number;
}

export class ConnectionAdmission {
	readonly #opts: Required<Omit<ConnectionAdmissionOptions, 'onRefused' | 'onEvicted'>> &
		Pick<ConnectionAdmissionOptions, 'onRefused' | 'onEvicted'>;
	readonly #byAddress = new Map<string, AddressUse>();
	/** Connections still in their handshake, so the upgrade hook can tell them done. */
	readonly #pending = new WeakSet<MultiaddrConnection>();
	readonly #rate: RateLimiter;

	constructor(options: ConnectionAdmissionOptions) {
		this.#opts = { graceMs: 10_000, newPerAddressPerSecond: 50, now: Date.now, ...options };
		this.#rate = new RateLimiter({ points: this.#opts.newPerAddressPerSecond, duration: 1 });
	}

	/** Open (including pending) connections from `address`. */
	openFrom(address: string): number {
		return this.#byAddress.get(address)?.open ?? 0;
	}

	/** ConnectionGater.denyInboundConnection: a socket arrived, before any handshake. */
	denyInbound = (maConn: MultiaddrConnection): boolean => {
		const address = addressKey(maConn.remoteAddr);
		if (address == null) return false;
		const use = this.#byAddress.get(address) ?? { open: 0, pending: 0 };
		if (use.open >= this.#opts.maxPerAddress)
			return this.#refuse(address, 'connection:per-address');
		if (use.pending >= this.#opts.maxPendingPerAddress)
			return this.#refuse(address, 'connection:pending-per-address');
		try {
			this.#rate.consume(address);
		} catch {
			return this.#refuse(address, 'connection:rate-per-address');
		}
		use.open++;
		use.pending++;
		this.#byAddress.set(address, use);
		this.#pending.add(maConn);
		maConn.addEventListener('close', () => this.#closed(address, maConn), { once: true });
		return false;
	};

	/** ConnectionGater.denyInboundEncryptedConnection: the peer id is known now. */
	denyEncrypted = (peer: PeerId, maConn: MultiaddrConnection): boolean => {
		const address = addressKey(maConn.remoteAddr) ?? 'unknown';
		const connections = this.#opts.connections();
		const ofPeer = connections.filter((conn) => conn.remotePeer.equals(peer)).length;
		if (ofPeer >= this.#opts.maxPerPeer) return this.#refuse(address, 'connection:per-peer');
		if (connections.length >= this.#opts.maxConnections && !this.#evictFor(connections))
			return this.#refuse(address, 'connection:full');
		return false;
	};

	/** ConnectionGater.denyInboundUpgradedConnection: the handshake is over. */
	denyUpgraded = (_peer: PeerId, maConn: MultiaddrConnection): boolean => {
		this.#handshakeDone(maConn);
		return false;
	};

	/** Closes the oldest connection of a roomless peer past its grace; false if there is none. */
	#evictFor(connections: Connection[]): boolean {
		const now = this.#opts.now();
		const victim = connections
			.filter((conn) => conn.direction === 'inbound' && conn.limits == null)
			.filter((conn) => now - conn.timeline.open >= this.#opts.graceMs)
			.filter((conn) => !this.#opts.hasRoom(conn.remotePeer))
			.sort((a, b) => a.timeline.open - b.timeline.open)[0];
		if (victim == null) return false;
		this.#opts.refusals.count('connection:evicted-roomless');
		this.#opts.onEvicted?.(victim);
		victim.abort(new Error('the relay is full: closed a connection without a room'));
		return true;
	}

	#handshakeDone(maConn: MultiaddrConnection): void {
		if (!this.#pending.delete(maConn)) return;
		const address = addressKey(maConn.remoteAddr);
		const use = address == null ? undefined : this.#byAddress.get(address);
		if (use != null) use.pending = Math.max(0, use.pending - 1);
	}

	#closed(address: string, maConn: MultiaddrConnection): void {
		this.#handshakeDone(maConn);
		const use = this.#byAddress.get(address);
		if (use == null) return;
		use.open = Math.max(0, use.open - 1);
		if (use.open === 0) this.#byAddress.delete(address);
	}

	#refuse(address: string, reason: string): true {
		this.#opts.refusals.count(reason);
		this.#opts.onRefused?.(address, reason);
		return true;
	}
}
