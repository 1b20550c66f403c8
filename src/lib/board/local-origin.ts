/**
 * Transaction origin of every write made by this peer's Board. Sync code uses it to tell local
 * edits (to publish) from remote updates it applied itself (with its own origin).
 */
export const LOCAL_ORIGIN = Symbol('local');
