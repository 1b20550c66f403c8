/**
 * Opens a copy read with the room's store key and checks it against the board schema: what the
 * early-copy worker runs, and the page itself where there is no worker (room-prefetch.ts).
 */
import { checkBoardUpdate } from '$lib/board/update-check';
import { Cipher } from '$lib/crypto/envelope';
import { CopyCipher } from '$lib/store/copy-codec';
import { openCopy, type OpenedCopy } from '$lib/store/copy-open';
import type { CopyRead } from '$lib/store/copy-read';

export function openEarlyCopy(
	read: CopyRead,
	storeKey: CryptoKey,
	topicId: string
): Promise<OpenedCopy> {
	return openCopy(read, new CopyCipher(new Cipher(storeKey), topicId), checkBoardUpdate);
}
