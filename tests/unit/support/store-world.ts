/**
 * A relay store for Node.js tests: a real libp2p node (TCP on 127.0.0.1) running the relay's
 * StoreService over a real SQLite BoardStore in a temporary directory, and client nodes connected
 * to it. Clients build RelayCopy instances for real Y.Docs with real room keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLogger } from '@libp2p/logger';
import * as Y from 'yjs';
import { BoardStore, type StoreLimits } from '../../../relay/board-store.ts';
import { StoreService, type StoreServiceOptions } from '../../../relay/store-service.ts';
import { checkBoardUpdate } from '../../../src/lib/board/update-check.ts';
import { RoomKey } from '../../../src/lib/crypto/room-key.ts';
import type { BrowserNode } from '../../../src/lib/p2p/node.ts';
import {
	RelayCopy,
	type CompactionPolicy,
	type RelayCopyOptions
} from '../../../src/lib/store/relay-copy.ts';
import { docUpdates } from '../../../src/lib/sync/update-feed.ts';
import { connect, createTcpNode } from './tcp-node.ts';

export const TEST_LIMITS: StoreLimits = {
	roomBytes: 8 * 1024 * 1024,
	totalBytes: 64 * 1024 * 1024,
	idleMs: 60_000
};

export interface StoreWorld {
	relay: BrowserNode;
	store: BoardStore;
	service: StoreService;
	dir: string;
	nodes: BrowserNode[];
	copies: RelayCopy[];
	/** A client node connected to the relay. */
	client(): Promise<BrowserNode>;
	/** A RelayCopy of `doc` for `key` on a new client, attached to the relay. */
	copyOf(
		doc: Y.Doc,
		key: RoomKey,
		options?: { compaction?: CompactionPolicy } & Partial<RelayCopyOptions>
	): Promise<RelayCopy>;
	close(): Promise<void>;
}

export async function createStoreWorld(
	limits: StoreLimits = TEST_LIMITS,
	writesPerSecond = 1000,
	budgets: Pick<StoreServiceOptions, 'peerRequestsPerSecond' | 'addressRequestsPerSecond'> = {}
): Promise<StoreWorld> {
	const dir = mkdtempSync(join(tmpdir(), 'store-world-'));
	const store = BoardStore.open(dir, limits);
	const service = new StoreService({
		store,
		writesPerSecond,
		maxSnapshotBytes: limits.roomBytes,
		...budgets
	});
	const relay = await createTcpNode();
	await service.start(relay);
	const nodes: BrowserNode[] = [];
	const copies: RelayCopy[] = [];
	const client = async () => {
		const node = await createTcpNode();
		nodes.push(node);
		await connect(node, relay);
		return node;
	};
	return {
		relay,
		store,
		service,
		dir,
		nodes,
		copies,
		client,
		async copyOf(doc, key, options = {}) {
			const node = await client();
			const copy = new RelayCopy({
				node,
				doc,
				updates: docUpdates(doc),
				topicId: key.topicId,
				cipher: key.store,
				signer: key.signer,
				checkUpdate: checkBoardUpdate,
				localCopy: Promise.resolve(),
				logger: defaultLogger(),
				flushDelayMs: 5,
				...options
			});
			copies.push(copy);
			copy.attach(relay.peerId);
			await copy.idle();
			return copy;
		},
		async close() {
			for (const copy of copies) copy.stop();
			await Promise.all(nodes.map((node) => node.stop()));
			await relay.stop();
			store.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A fresh room key. */
export function newRoomKey(): Promise<RoomKey> {
	return RoomKey.fromBytes(crypto.getRandomValues(new Uint8Array(32)));
}
