import { defaultLogger } from '@libp2p/logger';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentGossip } from '../../src/lib/sync/document-gossip';
import { UpdateFeed } from '../../src/lib/sync/update-feed';

/** Who saw a local stroke first: the topic (published) or the store (written to disk). */
function world(withFeed: boolean) {
	const doc = new Y.Doc();
	const order: string[] = [];
	const feed = new UpdateFeed(doc);
	if (withFeed) feed.start();
	// The local store registers its listener as soon as it opens, before the room services start.
	doc.on('update', () => order.push('store'));
	const topic = {
		handle: () => {},
		unhandle: () => {},
		publish: async () => {
			order.push('published');
		}
	};
	const gossip = new DocumentGossip({
		doc,
		updates: withFeed ? feed : undefined,
		topic,
		resync: () => {},
		logger: defaultLogger()
	});
	gossip.start();
	return { doc, order, feed, gossip };
}

describe('UpdateFeed', () => {
	it('lets a local update be published before the store that opened later writes it', () => {
		const { doc, order } = world(true);
		doc.getMap('m').set('stroke', 1);
		expect(order).toEqual(['published', 'store']);
	});

	it('is what makes the difference: on the doc itself the store comes first', () => {
		const { doc, order } = world(false);
		doc.getMap('m').set('stroke', 1);
		expect(order).toEqual(['store', 'published']);
	});

	it('stops delivering once stopped, or to a listener that went off', () => {
		const { doc, order, feed, gossip } = world(true);
		gossip.stop();
		doc.getMap('m').set('a', 1);
		expect(order).toEqual(['store']);
		gossip.start();
		feed.stop();
		doc.getMap('m').set('b', 2);
		expect(order).toEqual(['store', 'store']);
	});
});
