// Child process for the crash test: appends entries to a BoardStore in a loop, printing the
// sequence number of each one the store acknowledged, until it is killed.
import { BoardStore } from '../../../relay/board-store.ts';

const dir = process.argv[2];
if (dir == null) throw new Error('usage: store-writer.ts <dir>');
const store = BoardStore.open(dir, { roomBytes: 1 << 30, totalBytes: 1 << 30, idleMs: 1 << 30 });
for (let i = 0; ; i++) {
	const data = new Uint8Array(2000 + (i % 500)).fill(i % 251);
	data[0] = i & 0xff;
	data[1] = (i >> 8) & 0xff;
	data[2] = (i >> 16) & 0xff;
	const snapshot = i % 50 === 49;
	const result = snapshot
		? store.putSnapshot('room', store.read('room', 0, 0).seq, data)
		: store.append('room', data);
	if (result.ok) process.stdout.write(`${snapshot ? 'snapshot' : 'entry'} ${result.seq}\n`);
}
