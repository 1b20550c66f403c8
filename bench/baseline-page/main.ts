/**
 * Baseline page for `npm run bench`: the same board model and renderer as our app, synced by a
 * stock Yjs provider instead of our network, with the same probe (window.whiteboardProbe).
 *
 *   ?provider=y-webrtc&room=R&signaling=ws://127.0.0.1:P&password=S
 *   ?provider=y-websocket&room=R&server=ws://127.0.0.1:P
 *
 * y-webrtc gets no ICE servers (loopback only, like our pages in the benchmark).
 */
import { WebrtcProvider } from 'y-webrtc';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Board } from '$lib/board/board';
import { BoardProbe, exposeProbe } from '$lib/probe/probe';
import { BoardRenderer } from '$lib/renderer/board-renderer';
import { createTextMeasure } from '$lib/renderer/text-measure';
import { EMPTY_OVERLAY } from '$lib/tools/overlay-state';

const params = new URLSearchParams(location.search);
const required = (name: string): string => {
	const value = params.get(name);
	if (value === null || value === '') throw new Error(`baseline page: missing ?${name}=`);
	return value;
};

const doc = new Y.Doc();
const board = new Board(doc);
const probe = new BoardProbe(doc, board);

const stage = document.getElementById('stage') as HTMLDivElement;
const renderer = new BoardRenderer({
	board,
	staticCanvas: document.getElementById('static') as HTMLCanvasElement,
	overlayCanvas: document.getElementById('overlay') as HTMLCanvasElement,
	getOverlay: () => EMPTY_OVERLAY,
	textMeasure: createTextMeasure(),
	onFrame: (stats) => probe.framePainted(stats.complete)
});
new ResizeObserver(([entry]) => {
	if (entry) renderer.resize(entry.contentRect.width, entry.contentRect.height, devicePixelRatio);
}).observe(stage);

const provider = required('provider');
const room = required('room');
if (provider === 'y-webrtc') {
	const webrtc = new WebrtcProvider(room, doc, {
		signaling: [required('signaling')],
		password: params.get('password') ?? undefined,
		peerOpts: { config: { iceServers: [] } }
	});
	// 'peers' lists a peer as soon as signalling starts; the link is up on simple-peer's 'connect'.
	webrtc.on('peers', ({ added }: { added: string[] }) => {
		for (const id of added) {
			const conn = webrtc.room?.webrtcConns.get(id);
			if (conn?.connected) probe.markLinked();
			else conn?.peer.once('connect', () => probe.markLinked());
		}
	});
} else if (provider === 'y-websocket') {
	const websocket = new WebsocketProvider(required('server'), room, doc);
	websocket.on('status', ({ status }: { status: string }) => {
		if (status === 'connected') probe.markLinked();
	});
} else {
	throw new Error(`baseline page: unknown provider ${provider}`);
}
exposeProbe(probe);
