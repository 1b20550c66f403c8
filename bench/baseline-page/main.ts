/**
 * Baseline page for `npm run bench`: the same board model, tools, drafts and renderer as our app,
 * synced by a stock Yjs provider instead of our network (presence and drafts on the provider's
 * awareness), with the same probe (window.whiteboardProbe).
 *
 *   ?provider=y-webrtc&room=R&signaling=ws://127.0.0.1:P&password=S
 *   ?provider=y-websocket&room=R&server=ws://127.0.0.1:P
 *
 * y-webrtc gets no ICE servers (loopback only, like our pages in the benchmark).
 */
import type { Awareness } from 'y-protocols/awareness';
import { WebrtcProvider } from 'y-webrtc';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Board } from '$lib/board/board';
import { BoardProbe, exposeProbe } from '$lib/probe/probe';
import { startDrawing } from './drawing';

const params = new URLSearchParams(location.search);
const required = (name: string): string => {
	const value = params.get(name);
	if (value === null || value === '') throw new Error(`baseline page: missing ?${name}=`);
	return value;
};

const doc = new Y.Doc();
const board = new Board(doc);
const probe = new BoardProbe(doc, board);

const provider = required('provider');
const room = required('room');
let awareness: Awareness;
if (provider === 'y-webrtc') {
	const webrtc = new WebrtcProvider(room, doc, {
		signaling: [required('signaling')],
		password: params.get('password') ?? undefined,
		peerOpts: { config: { iceServers: [] } }
	});
	awareness = webrtc.awareness;
	probe.countLinksWith(
		() => [...(webrtc.room?.webrtcConns.values() ?? [])].filter((conn) => conn.connected).length
	);
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
	awareness = websocket.awareness;
	probe.countLinksWith(() => (websocket.wsconnected ? 1 : 0));
	websocket.on('status', ({ status }: { status: string }) => {
		if (status === 'connected') probe.markLinked();
	});
} else {
	throw new Error(`baseline page: unknown provider ${provider}`);
}

const stage = document.getElementById('stage') as HTMLDivElement;
const renderer = startDrawing({
	board,
	awareness,
	staticCanvas: document.getElementById('static') as HTMLCanvasElement,
	overlayCanvas: document.getElementById('overlay') as HTMLCanvasElement,
	onFrame: (stats) => probe.framePainted(stats.complete, stats.remoteDrafts)
});
new ResizeObserver(([entry]) => {
	if (entry) renderer.resize(entry.contentRect.width, entry.contentRect.height, devicePixelRatio);
}).observe(stage);
probe.watchPointer(window);
exposeProbe(probe);
