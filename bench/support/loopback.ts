/**
 * Benchmarks keep every packet on this machine: when the machine has network interfaces besides
 * loopback, the run re-executes itself in a new network namespace that has only loopback
 * (`unshare -n`, or `unshare -rn` without root), the way CI runs the tests.
 */
import { spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';

const MARK = 'WHITEBOARD_BENCH_ISOLATED';

export function outsideInterfaces(): string[] {
	return Object.entries(networkInterfaces())
		.filter(([, addresses]) => addresses?.some((a) => !a.internal))
		.map(([name]) => name);
}

/** Returns only when already isolated; otherwise runs this process again isolated and exits. */
export function ensureLoopbackOnly(): void {
	const outside = outsideInterfaces();
	if (outside.length === 0) return;
	if (process.env[MARK]) {
		throw new Error(`still see network interfaces ${outside.join(', ')} after unshare`);
	}
	const flags = ['-n', '-rn'].find(
		(flag) => spawnSync('unshare', [flag, 'true'], { stdio: 'ignore' }).status === 0
	);
	if (flags === undefined) {
		console.error(
			`This machine has network interfaces (${outside.join(', ')}) and unshare is not available ` +
				'to isolate the benchmark. Run it in a loopback-only namespace yourself:\n' +
				"  unshare -n sh -c 'ip link set lo up && npm run bench'"
		);
		process.exit(2);
	}
	console.log(`== isolating the benchmark: unshare ${flags} (loopback only)`);
	const child = spawnSync(
		'unshare',
		[
			flags,
			'sh',
			'-c',
			'ip link set lo up && exec "$@"',
			'sh',
			process.execPath,
			...process.execArgv,
			...process.argv.slice(1)
		],
		{ stdio: 'inherit', env: { ...process.env, [MARK]: '1' } }
	);
	process.exit(child.status ?? 1);
}
