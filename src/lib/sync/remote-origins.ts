/**
 * Transaction origins for changes that came from the network. The board's own writes use
 * LOCAL_ORIGIN; anything applied with one of these is never published again by this peer.
 */
export const GOSSIP_ORIGIN = Symbol('remote:gossip');
export const SYNC_ORIGIN = Symbol('remote:sync');
/** Read from the relay's copy of the board (store/relay-copy.ts). */
export const RELAY_COPY_ORIGIN = Symbol('remote:relay-copy');

export function isRemoteOrigin(origin: unknown): boolean {
	return origin === GOSSIP_ORIGIN || origin === SYNC_ORIGIN || origin === RELAY_COPY_ORIGIN;
}
