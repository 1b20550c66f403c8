/**
 * What the header says about the relay's copy of the board: one short phrase, and a longer one
 * for the tooltip (or shown in full when the relay refused to keep the board).
 */
import type { CopyState } from '$lib/store/relay-copy';

export interface CopyStatusText {
	/** '' when there is nothing to say yet (no relay connection). */
	short: string;
	detail: string;
	/** The relay refused (a limit): the header shows `detail` in full. */
	warning: boolean;
}

export function copyStatusText(state: CopyState | undefined): CopyStatusText {
	switch (state?.status) {
		case undefined:
		case 'connecting':
			return { short: '', detail: '', warning: false };
		case 'loading':
			return { short: 'loading from relay…', detail: 'reading the relay’s copy', warning: false };
		case 'saved':
			return {
				short: 'saved on relay',
				detail: 'the relay keeps an end-to-end encrypted copy of this board',
				warning: false
			};
		case 'saving':
			return { short: 'saving…', detail: 'sending changes to the relay', warning: false };
		case 'unavailable':
			return {
				short: 'not saved on relay',
				detail:
					'this relay keeps no copies of boards; the board stays in your browser and with peers',
				warning: false
			};
		case 'refused':
			return {
				short: 'not saved on relay',
				detail: state.lastError ?? 'the relay refused',
				warning: true
			};
		case 'read':
			return {
				short: 'view only',
				detail: 'a view-only link: the board comes from the others and the relay’s copy',
				warning: false
			};
		case 'error':
			return {
				short: 'not saved on relay yet',
				detail: `${state.lastError ?? 'the relay did not answer'}; trying again`,
				warning: false
			};
	}
}
