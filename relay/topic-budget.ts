// What the relay's own subscriptions cost at each of its peers. Gossipsub (17.x) keeps at most
// GossipsubMaxTopicBytesPerPeer (1 MiB) of one peer's subscriptions, charging each topic its
// length plus GossipsubTopicEntryOverhead (1024) bytes, and silently ignores subscriptions beyond
// that (gossipsub.js, handleReceivedSubscription). The relay subscribes to every room's topics,
// so past ~1,000 topics browsers would stop hearing that it joined a new room's topics, and that
// room would get no discovery and no relayed gossip. The relay stays below the budget instead.
// Unit-tested against the real library (gossip-topic-budget.test.ts).

/** Gossipsub's default budget for one peer's subscriptions (`maxTopicBytesPerPeer`). */
export const GOSSIPSUB_TOPIC_BYTES_PER_PEER = 1024 * 1024;
/** Gossipsub's per-subscription overhead (`GossipsubTopicEntryOverhead`). */
export const GOSSIPSUB_TOPIC_ENTRY_OVERHEAD = 1024;

/** The relay's share of the budget: a margin for the library's own subscriptions and changes. */
export const RELAY_SUBSCRIPTION_BUDGET = GOSSIPSUB_TOPIC_BYTES_PER_PEER - 32 * 1024;

/** What one subscription to `topic` costs at a peer. */
export function topicCost(topic: string): number {
	return topic.length + GOSSIPSUB_TOPIC_ENTRY_OVERHEAD;
}
