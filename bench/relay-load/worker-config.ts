/** What a load-bench worker process is told (as JSON in argv[2]) and what it prints back. */

export interface WorkerConfig {
	/** Our relay's TCP multiaddr, or the y-websocket server's ws:// URL. */
	target: string;
	/** Global index of this worker's first client, and how many it runs. */
	first: number;
	count: number;
	roomSize: number;
	messagesPerSecond: number;
	messageBytes: number;
	/** Clients per loopback source address (per-address limits count them together). */
	perAddress: number;
}

/** Sent on stdin once every worker is ready. Wall-clock ms: latencies count from `measureFrom`. */
export interface Go {
	measureFrom: number;
	endAt: number;
}

/** Waits for the driver's go line on stdin. */
export function waitForGo(): Promise<Go> {
	return new Promise((resolve) => {
		let buffered = '';
		process.stdin.on('data', (chunk: Buffer) => {
			buffered += chunk.toString();
			const line = buffered.split('\n')[0];
			if (buffered.includes('\n') && line != null) resolve(JSON.parse(line) as Go);
		});
	});
}

export interface WorkerReport {
	connected: number;
	failed: number;
	published: number;
	publishFailed: number;
	latencies: number[];
	/** This worker's own CPU time (user + system) over the measured window, in ms. */
	cpuMs: number;
}

export function readWorkerConfig(): WorkerConfig & { sourceAddress(index: number): string } {
	const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
	return {
		...config,
		// 127.0.1.0 - 127.0.255.x: every address is loopback on Linux
		sourceAddress: (index: number) => {
			const group = Math.floor(index / config.perAddress);
			return `127.0.${1 + Math.floor(group / 250)}.${1 + (group % 250)}`;
		}
	};
}

/**
 * Calls every sender `messagesPerSecond` times a second, each at a random phase, until `endAt`
 * (wall-clock ms); resolves then with how many sends were made.
 */
export async function sendSteadily(
	senders: Array<() => void>,
	messagesPerSecond: number,
	go: Go
): Promise<{ sent: number; cpuMs: number }> {
	const { endAt } = go;
	let cpuAtStart: NodeJS.CpuUsage | undefined;
	const startTimer = setTimeout(
		() => (cpuAtStart = process.cpuUsage()),
		Math.max(0, go.measureFrom - Date.now())
	);
	let sent = 0;
	const period = 1000 / messagesPerSecond;
	const timers = senders.map((send, i) =>
		setTimeout(() => {
			const tick = () => {
				sent++;
				send();
			};
			tick();
			timers[i] = setInterval(tick, period);
		}, Math.random() * period)
	);
	await new Promise((resolve) => setTimeout(resolve, Math.max(0, endAt - Date.now())));
	for (const timer of timers) clearInterval(timer);
	clearTimeout(startTimer);
	const used = process.cpuUsage(cpuAtStart);
	return { sent, cpuMs: cpuAtStart == null ? Number.NaN : (used.user + used.system) / 1000 };
}
