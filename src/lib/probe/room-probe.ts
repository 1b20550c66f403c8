/**
 * The probe in our app: on when the room is opened with `?probe` (benchmarks, routing tests). A
 * direct link is the first WebRTC connection to another browser that is not limited (not relayed).
 * Marks the steps of a join (the session's network events, and join-steps.ts) so that the join
 * benchmark can say where the time goes.
 */
import type { Connection } from '@libp2p/interface';
import type { Board } from '$lib/board/board';
import { transportLabel } from '$lib/p2p/transport-label';
import type { RoomSession } from '$lib/room/room-session';
import { watchJoinSteps } from './join-steps';
import { BoardProbe, exposeProbe, type EarlyHistory } from './probe';

const isDirect = (c: Connection): boolean =>
	transportLabel(c.remoteAddr) === 'WebRTC' && c.limits == null;

/** Our app's network, for tests that cut links (routing). Only with `?probe`. */
export interface RoomLinks {
	/** Closes every direct connection to another browser, as a lost path would; returns how many. */
	closeDirect(): number;
	/** Stops (false) or restarts (true) dialling room peers: a cut link then stays cut. */
	dialing(on: boolean): void;
	/** Where our last room message went: 'live', 'direct' (room topic) or 'fallback' (the relay). */
	route(): string | undefined;
	/** Peers our room messages reach over a direct link now. */
	directPeers(): string[];
	/** Peers with a live link now (room messages go on those once every room peer has one). */
	livePeers(): string[];
	/** Resolves with the relay copy's status once it has nothing queued or pending. */
	copySettled(): Promise<string | undefined>;
}

declare global {
	var whiteboardLinks: RoomLinks | undefined;
}

function exposeLinks(session: RoomSession): void {
	globalThis.whiteboardLinks = {
		closeDirect() {
			const direct = session.node?.getConnections().filter(isDirect) ?? [];
			// A lost path, not a goodbye: a graceful close can wait for streams that never finish.
			for (const c of direct) c.abort(new Error('direct link cut by the test hook'));
			return direct.length;
		},
		dialing(on) {
			if (on) session.dialer?.start();
			else session.dialer?.stop();
		},
		route: () => session.sync?.route(),
		directPeers: () => session.sync?.directPeers() ?? [],
		livePeers: () => session.sync?.livePeers() ?? [],
		copySettled: () => session.copySettled()
	};
}

export function installRoomProbe(
	session: RoomSession,
	board: Board,
	early?: EarlyHistory
): BoardProbe {
	const probe = new BoardProbe(session.doc, board, early);
	exposeLinks(session);
	probe.countLinksWith(() => session.sync?.livePeers().length ?? 0);
	probe.mark('probe');
	// Log entries carry Date.now() times: milliseconds, on the same clock as the probe's.
	let logged = 0;
	const markLog = (): void => {
		for (const entry of session.log.slice(logged)) probe.mark(entry.kind, entry.at);
		logged = session.log.length;
	};
	const watch = (): boolean => {
		const node = session.node;
		if (node === undefined) return false;
		probe.mark('node');
		if (node.getConnections().some(isDirect)) probe.markLinked();
		node.addEventListener('connection:open', (event) => {
			if (isDirect(event.detail)) probe.markLinked();
		});
		return true;
	};
	watchJoinSteps(session);
	markLog();
	let watching = watch();
	session.addEventListener('change', () => {
		markLog();
		if (!watching) watching = watch();
	});
	if (typeof window !== 'undefined') probe.watchPointer(window);
	exposeProbe(probe);
	return probe;
}
