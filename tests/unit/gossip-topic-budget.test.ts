/**
 * The relay's subscription budget against the real gossipsub: a browser's gossipsub (its options,
 * over TCP) accepts every subscription of a peer that stays within RELAY_SUBSCRIPTION_BUDGET, and
 * ignores those past GOSSIPSUB_TOPIC_BYTES_PER_PEER, so the constants match the installed library.
 */
import { afterEach, expect, it, vi } from 'vitest';
import {
	GOSSIPSUB_TOPIC_BYTES_PER_PEER,
	RELAY_SUBSCRIPTION_BUDGET,
	topicCost
} from '../../relay/topic-budget.ts';
import type { BrowserNode } from '../../src/lib/p2p/node.ts';
import { connect, createTcpNode } from './support/tcp-node.ts';

const nodes: BrowserNode[] = [];
afterEach(async () => {
	for (const node of nodes.splice(0)) await node.stop();
});

/** Room topics as the app names them: a prefix and a 22-character topic id. */
const topic = (i: number) => `whiteboard/fallback/${String(i).padStart(22, '0')}`;

it('a browser hears every subscription within the budget, and none past the library’s limit', async () => {
	const [hub, browser] = await Promise.all([createTcpNode(), createTcpNode()]);
	nodes.push(hub, browser);
	const withinBudget = Math.floor(RELAY_SUBSCRIPTION_BUDGET / topicCost(topic(0)));
	const pastLimit = Math.floor(GOSSIPSUB_TOPIC_BYTES_PER_PEER / topicCost(topic(0))) + 5;
	for (let i = 0; i < pastLimit; i++) hub.services.pubsub.subscribe(topic(i));
	await connect(browser, hub);

	const heard = () =>
		Array.from({ length: pastLimit }, (_, i) => i).filter((i) =>
			browser.services.pubsub.getSubscribers(topic(i)).some((p) => p.equals(hub.peerId))
		);
	await vi.waitFor(() => expect(heard().length).toBeGreaterThanOrEqual(withinBudget), {
		timeout: 10_000
	});
	const accepted = heard();
	expect(accepted.slice(0, withinBudget)).toEqual(
		Array.from({ length: withinBudget }, (_, i) => i)
	);
	expect(accepted.length).toBeLessThan(pastLimit);
	expect(withinBudget).toBeGreaterThan(900);
}, 30_000);
