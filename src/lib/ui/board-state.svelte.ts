/**
 * Board and system state the UI shows, bridged into runes with createSubscriber: they are read
 * straight from their source and re-read when it reports a change.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { Board } from '$lib/board/board';
import { systemPrefersDark, watchSystemTheme } from '$lib/theme/theme';

/** canUndo / canRedo of a board, reactive. */
export class BoardHistoryState {
	readonly #subscribe: () => void;

	constructor(private readonly board: Board) {
		this.#subscribe = createSubscriber((update) => board.onHistoryChange(update));
	}

	get canUndo(): boolean {
		this.#subscribe();
		return this.board.canUndo;
	}

	get canRedo(): boolean {
		this.#subscribe();
		return this.board.canRedo;
	}
}

/** How many elements a board has, reactive. */
export class BoardCountState {
	readonly #subscribe: () => void;

	constructor(private readonly board: Board) {
		this.#subscribe = createSubscriber((update) => board.onChange(update));
	}

	get count(): number {
		this.#subscribe();
		return this.board.elementCount;
	}
}

/** Whether the system asks for dark mode (prefers-color-scheme), reactive. */
export class SystemTheme {
	readonly #subscribe = createSubscriber((update) => watchSystemTheme(update));

	get prefersDark(): boolean {
		this.#subscribe();
		return systemPrefersDark();
	}
}
