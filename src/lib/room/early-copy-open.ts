/**
 * Opens a copy read with the room's store key and checks it against the board schema: the page
 * itself where there is no worker (room-prefetch.ts), and the early-copy worker as the read's
 * messages arrive.
 */
import { checkBoardUpdate } from '$lib/board/update-check';
import { Cipher } from '$lib/crypto/envelope';
import { CopyCipher, type SnapshotContent } from '$lib/store/copy-codec';
import {
	openCopy,
	openEntryPart,
	openSnapshotPart,
	type Opened,
	type OpenedCopy
} from '$lib/store/copy-open';
import { readAnswer, type CopyRead } from '$lib/store/copy-read';

export function openEarlyCopy(
	read: CopyRead,
	storeKey: CryptoKey,
	topicId: string
): Promise<OpenedCopy> {
	return openCopy(read, new CopyCipher(new Cipher(storeKey), topicId), checkBoardUpdate);
}

/**
 * Reads a read answer from its messages as they come (`next`: null after the last) and opens
 * each part as soon as it is complete, while the rest is still on its way.
 */
export async function openStreamedCopy(
	next: () => Promise<Uint8Array | null>,
	storeKey: CryptoKey,
	topicId: string
): Promise<{ read: CopyRead; opened: OpenedCopy }> {
	const cipher = new CopyCipher(new Cipher(storeKey), topicId);
	let snapshot: Promise<Opened<SnapshotContent>> | null = null;
	const entries: Promise<Opened<Uint8Array>>[] = [];
	const read = await readAnswer(next, {
		snapshot: (data) => (snapshot = openSnapshotPart(data, cipher, checkBoardUpdate)),
		entry: (entry) => entries.push(openEntryPart(entry.data, cipher, checkBoardUpdate))
	});
	return { read, opened: { snapshot: await snapshot, entries: await Promise.all(entries) } };
}
