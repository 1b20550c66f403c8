import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, reservationText } from '../../src/lib/diagnostics/format.ts';

describe('Diagnostics formatting', () => {
	it('writes ages in seconds, minutes, then hours and minutes', () => {
		expect(formatAge(4_400)).toBe('4 s');
		expect(formatAge(5 * 60_000)).toBe('5 min');
		expect(formatAge(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
	});

	it('writes sizes in B, KiB and MiB', () => {
		expect(formatBytes(900)).toBe('900 B');
		expect(formatBytes(2048)).toBe('2.0 KiB');
		expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
	});

	it('says whether a reservation is held and how long it still runs', () => {
		expect(reservationText(false, undefined, 0)).toBe('no');
		expect(reservationText(true, undefined, 0)).toBe('yes');
		expect(reservationText(true, 59 * 60_000, 0)).toBe('yes, 59 min left');
		expect(reservationText(true, 1_000, 5_000)).toBe('yes, 0 s left');
	});
});
