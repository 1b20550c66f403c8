/**
 * The three systems a benchmark run compares, each a way to open "the room link" in a page that
 * exposes the same probe: our app, and the baseline page synced by y-webrtc or y-websocket.
 */
import { createHash } from 'node:crypto';

export const SYSTEM_NAMES = ['ours', 'y-webrtc', 'y-websocket'] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

export interface System {
	name: SystemName;
	/** What "direct link" means for this system (for the report). */
	link: string;
	/** The system's server process (our relay, y-webrtc's signalling, the y-websocket server). */
	serverPid?: number;
	roomUrl(room: string): string;
}

/** A room key in the format of a real link: 32 bytes in base64url (43 characters). */
export function roomKey(room: string): string {
	return createHash('sha256').update(`bench key ${room}`).digest('base64url');
}

export interface Endpoints {
	app: string;
	relay: string;
	baseline: string;
	signaling: string;
	websocket: string;
	/** Process ids of the three servers, by system. */
	serverPids: Partial<Record<SystemName, number>>;
}

export function createSystems(e: Endpoints): Record<SystemName, System> {
	return {
		ours: {
			name: 'ours',
			serverPid: e.serverPids.ours,
			link: 'direct WebRTC connection to the other browser',
			roomUrl: (room) =>
				`${e.app}/room/${room}?probe&relay=${encodeURIComponent(e.relay)}#${roomKey(room)}`
		},
		'y-webrtc': {
			name: 'y-webrtc',
			serverPid: e.serverPids['y-webrtc'],
			link: 'WebRTC peer connected (simple-peer connect)',
			// The password makes y-webrtc encrypt too, as our rooms always are.
			roomUrl: (room) =>
				`${e.baseline}/index.html?${new URLSearchParams({
					provider: 'y-webrtc',
					room,
					signaling: e.signaling,
					password: roomKey(room)
				})}`
		},
		'y-websocket': {
			name: 'y-websocket',
			serverPid: e.serverPids['y-websocket'],
			link: 'WebSocket to the server connected',
			roomUrl: (room) =>
				`${e.baseline}/index.html?${new URLSearchParams({
					provider: 'y-websocket',
					room,
					server: e.websocket
				})}`
		}
	};
}
