/**
 * The probe in our app: on when the room is opened with `?probe` (benchmarks, routing tests). A
 * direct link is the first WebRTC connection to another browser that is not limited (not relayed).
 */
import type { Connection } from '@libp2p/interface';
import type { Board } from '$lib/board/board';
import { transportLabel } from '$lib/p2p/transport-label';
import type { RoomSession } from '$lib/room/room-session';
import { BoardProbe, exposeProbe } from './probe';

const isDirect = (c: Connection): boolean =>
	transportLabel(c.remoteAddr) === 'WebRTC' && c.limits == null;

/** Our app's network, for tests that cut links (routing). Only with `?probe`. */
export interface RoomLinks {
	/** Closes every direct connection to another browser, as a lost path would; returns how many. */
	closeDirect(): Promise<number>;
	/** Where our last room message went: 'direct', or 'fallback' (through the relay). */
	route(): string | undefined;
	/** Peers our room messages reach over a direct link now. */
	directPeers(): string[];
}

declare global {
	var whiteboardLinks: RoomLinks | undefined;
}

function exposeLinks(session: RoomSession): void {
	globalThis.whiteboardLinks = {
		async closeDirect() {
			const direct = session.node?.getConnections().filter(isDirect) ?? [];
			await Promise.all(direct.map((c) => c.close()));
			return direct.length;
		},
		route: () => session.sync?.route(),
		directPeers: () => session.sync?.directPeers() ?? []
	};
}

export function installRoomProbe(session: RoomSession, board: Board): BoardProbe {
	const probe = new BoardProbe(session.doc, board);
	exposeLinks(session);
	const watch = (): boolean => {
		const node = session.node;
		if (node === undefined) return false;
		if (node.getConnections().some(isDirect)) probe.markLinked();
		node.addEventListener('connection:open', (event) => {
			if (isDirect(event.detail)) probe.markLinked();
		});
		return true;
	};
	if (!watch()) {
		const onChange = (): void => {
			if (watch()) session.removeEventListener('change', onChange);
		};
		session.addEventListener('change', onChange);
	}
	exposeProbe(probe);
	return probe;
}
