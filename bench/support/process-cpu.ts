/**
 * CPU time of another process on this machine, from /proc/<pid>/stat (Linux): user + system time
 * in clock ticks, converted to milliseconds. The benchmarks read it around a phase to charge a
 * server's work to the strokes it carried. null where there is no /proc or no such process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
	if (ticksPerSecond === undefined) {
		const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim();
		const value = Number(out);
		ticksPerSecond = Number.isFinite(value) && value > 0 ? value : 100;
	}
	return ticksPerSecond;
}

export function processCpuMs(pid: number | undefined): number | null {
	if (pid === undefined) return null;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which is in parentheses and may contain spaces).
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const utime = Number(fields[11]);
		const stime = Number(fields[12]);
		if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
		return ((utime + stime) * 1000) / clockTicks();
	} catch {
		return null;
	}
}
