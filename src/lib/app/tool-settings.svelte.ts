/**
 * The toolbar's choices (tool, colour, width, theme) as runes, saved to localStorage on every
 * change so they stick across reloads.
 */
import type { ToolName } from '$lib/tools/tool';
import { loadPreferences, savePreferences, type ToolPreferences } from './preferences';
import type { ThemeMode } from '$lib/theme/theme';
import type { PenModeSetting } from '$lib/tools/tool-controller';

export class ToolSettings {
	#prefs = $state<ToolPreferences>(loadPreferences());

	get tool(): ToolName {
		return this.#prefs.tool;
	}
	set tool(tool: ToolName) {
		this.#set({ tool });
	}

	get color(): string {
		return this.#prefs.color;
	}
	set color(color: string) {
		this.#set({ color });
	}

	get width(): number {
		return this.#prefs.width;
	}
	set width(width: number) {
		this.#set({ width });
	}

	get penMode(): PenModeSetting {
		return this.#prefs.penMode;
	}
	set penMode(penMode: PenModeSetting) {
		this.#set({ penMode });
	}

	get theme(): ThemeMode {
		return this.#prefs.theme;
	}
	set theme(theme: ThemeMode) {
		this.#set({ theme });
	}

	#set(change: Partial<ToolPreferences>): void {
		Object.assign(this.#prefs, change);
		savePreferences($state.snapshot(this.#prefs));
	}
}
