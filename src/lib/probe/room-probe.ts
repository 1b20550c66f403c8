/**
 * The probe in our app: on when the room is opened with `?probe` (benchmarks only). A direct link
 * is the first WebRTC connection to another browser that is not limited (not relayed).
 */
import type { Connection } from '@libp2p/interface';
import type { Board } from '$lib/board/board';
import { transportLabel } from '$lib/p2p/transport-label';
import type { RoomSession } from '$lib/room/room-session';
import { BoardProbe, exposeProbe } from './probe';

const isDirect = (c: Connection): boolean =>
	transportLabel(c.remoteAddr) === 'WebRTC' && c.limits == null;

export function installRoomProbe(session: RoomSession, board: Board): BoardProbe {
	const probe = new BoardProbe(session.doc, board);
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
	if (typeof window !== 'undefined') probe.watchPointer(window);
	exposeProbe(probe);
	return probe;
}
