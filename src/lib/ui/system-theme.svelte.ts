/** Whether the system asks for dark mode (prefers-color-scheme), as a rune. */
import { createSubscriber } from 'svelte/reactivity';
import { systemPrefersDark, watchSystemTheme } from '$lib/theme/theme';

export class SystemTheme {
	readonly #subscribe = createSubscriber((update) => watchSystemTheme(update));

	get prefersDark(): boolean {
		this.#subscribe();
		return systemPrefersDark();
	}
}
