/** Default WebSocket port of the relay; the app looks for it on the page's own host. */
export const DEFAULT_RELAY_PORT = 9090;

/**
 * Prefixes of the gossipsub topics. The relay mirrors (subscribes to) discovery and fallback
 * topics, never room topics: room messages reach the relay only on the fallback topic, while some
 * room peer has no direct link (PROTOCOL.md, "Routing").
 */
export const ROOM_TOPIC_PREFIX = 'whiteboard/room/';
export const FALLBACK_TOPIC_PREFIX = 'whiteboard/fallback/';
export const DISCOVERY_TOPIC_PREFIX = 'whiteboard/discovery/';

/** Largest gossip message we publish or accept (gossipsub `maxInboundDataLength` too). */
export const MAX_GOSSIP_MESSAGE_BYTES = 1024 * 1024;

/** pubsub-peer-discovery's periodic re-announcement; we also announce on every change. */
export const DISCOVERY_INTERVAL_MS = 10_000;

/** Room ids: URL-safe, long enough to be unguessable when random, short enough for a link. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{4,64}$/;

/**
 * Give up a direct WebRTC dial that has made no progress for this long, per attempt: no step of
 * the relayed connection, the signalling, ICE or the upgrade, and then no answer to the first
 * ping. A dial normally completes in 0.1-0.5 s; a short first wait and a quick retry recover from
 * a lost signalling message in seconds. A dial is judged by its silence, not its length: on a
 * busy machine (eight browsers and the relay on two cores) each step takes up to seconds, and a
 * timeout on the whole dial ended dials a step before they were done, again and again, leaving a
 * browser on the relay for tens of seconds. Later attempts allow for slow networks (TURN).
 */
export const DIAL_IDLE_TIMEOUTS_MS = [3_000, 8_000, 15_000, 20_000, 20_000];

/** A dial that is still making progress is given up after this long in any case. */
export const DIAL_MAX_MS = 45_000;

/** The peer that was told second waits this long for the other to dial before dialling itself. */
export const FALLBACK_DIAL_DELAY_MS = 4_000;

/** A failed dial is retried after these delays (signalling through a relay can stall). */
export const RETRY_DELAYS_MS = [500, 1_500, 4_000, 10_000];

/** The WebRTC transport's signalling protocol (over a relayed connection). */
export const WEBRTC_SIGNALLING_PROTOCOL = '/webrtc-signaling/0.0.1';

/**
 * A listening peer closes its end of the signalling stream only once the dialer has closed its
 * own, or after this long (signalling-hold.ts). The dialer does so a few ms after it connects.
 */
export const SIGNALLING_HOLD_MAX_MS = 2_000;

/**
 * When the listener has closed its end of the signalling stream first (it is connected, and it
 * is a version without the signalling hold), a first dial that has not got past its `init` data
 * channel within this long is stalled in @libp2p/webrtc's race (signalling-hold.ts): it is
 * abandoned and retried at once (the retry normally connects in ~150 ms). A healthy dial gets
 * there within an SCTP round trip after the listener.
 */
export const STALL_GRACE_MS = 500;

/** Relay reconnection backoff. */
export const RELAY_RETRY_MIN_MS = 500;
export const RELAY_RETRY_MAX_MS = 15_000;

/** Give up one dial to a relay after this long (then back off and try again). */
export const RELAY_DIAL_TIMEOUT_MS = 10_000;

/**
 * Discovery announcements closer together than this are merged into one trailing announcement, so
 * a burst of triggers (several events arrive together) costs at most two messages.
 */
export const ANNOUNCE_SPACING_MS = 20;

/** Discovery records kept for late listeners (the dialer); a room has far fewer peers. */
export const MAX_DISCOVERY_RECORDS = 1_000;

/**
 * ICE servers for a page served from a public host when the build names none: browsers behind NAT
 * need STUN to find their public address. A page on localhost or a LAN uses none.
 */
export const DEFAULT_PUBLIC_ICE_SERVERS: RTCIceServer[] = [
	{ urls: ['stun:stun.l.google.com:19302', 'stun:global.stun.twilio.com:3478'] }
];
