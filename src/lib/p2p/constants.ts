/** Default WebSocket port of the relay; the app looks for it on the page's own host. */
export const DEFAULT_RELAY_PORT = 9090;

/** Prefixes of the gossipsub topics; the relay mirrors every topic under `whiteboard/`. */
export const ROOM_TOPIC_PREFIX = 'whiteboard/room/';
export const DISCOVERY_TOPIC_PREFIX = 'whiteboard/discovery/';

/** Largest gossip message we publish or accept (gossipsub `maxInboundDataLength` too). */
export const MAX_GOSSIP_MESSAGE_BYTES = 1024 * 1024;

/** pubsub-peer-discovery's periodic re-announcement; we also announce on every change. */
export const DISCOVERY_INTERVAL_MS = 10_000;

/** Room ids: URL-safe, long enough to be unguessable when random, short enough for a link. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{4,64}$/;

/**
 * Give up a direct WebRTC dial after this long, per attempt. A dial normally completes in
 * 0.1-0.5 s, but now and then one stalls after the other side already sees the connection; a
 * short first timeout and a quick retry recover from that in seconds. Later attempts allow for
 * slow networks (ICE through STUN/TURN).
 */
export const DIAL_TIMEOUTS_MS = [3_000, 8_000, 15_000, 20_000, 20_000];

/** Relay reconnection backoff. */
export const RELAY_RETRY_MIN_MS = 500;
export const RELAY_RETRY_MAX_MS = 15_000;

/**
 * ICE servers for a page served from a public host when the build names none: browsers behind NAT
 * need STUN to find their public address. A page on localhost or a LAN uses none.
 */
export const DEFAULT_PUBLIC_ICE_SERVERS: RTCIceServer[] = [
	{ urls: ['stun:stun.l.google.com:19302', 'stun:global.stun.twilio.com:3478'] }
];
