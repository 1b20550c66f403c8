// The real relay (relay/relay-server.ts, every part as relay/main.ts runs it) in the test
// process, on loopback TCP and WebSockets with random ports and no store unless asked for.
import '../../../relay/polyfills.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import { parseRelayOptions, type RelayConfig } from '../../../relay/options.ts';
import { createRelayServer, type RelayServer } from '../../../relay/relay-server.ts';
import type { BoardStore } from '../../../relay/board-store.ts';
import { loopbackRelayArgs } from '../../e2e/support/relay.ts';

export interface TestRelay extends RelayServer {
	config: RelayConfig;
	/** The relay's TCP address, with its peer id. */
	tcp: Multiaddr;
}

export async function startTestRelay(
	extraArgs: string[] = [],
	store: BoardStore | null = null,
	privateKey?: PrivateKey
): Promise<TestRelay> {
	const keyFile = join(mkdtempSync(join(tmpdir(), 'test-relay-')), 'relay.key');
	const args = [...loopbackRelayArgs(0, keyFile, 0), '--webrtc-direct-port', 'off', ...extraArgs];
	const command = parseRelayOptions(args, {});
	if (command.kind !== 'run') throw new Error('no relay config');
	const key = privateKey ?? (await generateKeyPair('Ed25519'));
	const server = await createRelayServer(command.config, key, store, {
		log: false
	});
	await server.start();
	const tcp = server.node.getMultiaddrs().find((ma) => !ma.toString().includes('/ws'));
	if (tcp == null) throw new Error('the relay has no TCP address');
	return { ...server, config: command.config, tcp };
}
