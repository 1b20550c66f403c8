/**
 * The toolbar choices that outlive a reload: tool, colour, width, theme and pen mode, in
 * localStorage.
 * Whatever is stored is validated: a bad or foreign value falls back to the default.
 */
import { isValidColor } from '$lib/board/limits';
import { DEFAULT_STYLE, WIDTHS } from '$lib/tools/style';
import { isToolName, type ToolName } from '$lib/tools/tool';
import type { ThemeMode } from '$lib/theme/theme';
import type { PenModeSetting } from '$lib/tools/tool-controller';

export interface ToolPreferences {
	tool: ToolName;
	color: string;
	width: number;
	theme: ThemeMode;
	/** 'off' once the user turned pen mode off: touch draws even after a pen was used. */
	penMode: PenModeSetting;
}

export const PREFERENCES_KEY = 'whiteboard:preferences';

export const DEFAULT_PREFERENCES: Readonly<ToolPreferences> = {
	tool: 'pen',
	color: DEFAULT_STYLE.color,
	width: DEFAULT_STYLE.width,
	theme: 'system',
	penMode: 'auto'
};

const isThemeMode = (v: unknown): v is ThemeMode => v === 'light' || v === 'dark' || v === 'system';
const isWidth = (v: unknown): v is number => WIDTHS.some((w) => w.value === v);

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

const defaultStorage = (): StorageLike | null => {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage disabled (privacy settings)
	}
};

export function loadPreferences(storage = defaultStorage()): ToolPreferences {
	let raw: unknown;
	try {
		raw = JSON.parse(storage?.getItem(PREFERENCES_KEY) ?? 'null');
	} catch {
		raw = null;
	}
	const stored = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	return {
		tool: isToolName(stored.tool) ? stored.tool : DEFAULT_PREFERENCES.tool,
		color: isValidColor(stored.color) ? stored.color : DEFAULT_PREFERENCES.color,
		width: isWidth(stored.width) ? stored.width : DEFAULT_PREFERENCES.width,
		theme: isThemeMode(stored.theme) ? stored.theme : DEFAULT_PREFERENCES.theme,
		penMode: stored.penMode === 'off' ? 'off' : 'auto'
	};
}

export function savePreferences(prefs: ToolPreferences, storage = defaultStorage()): void {
	try {
		storage?.setItem(PREFERENCES_KEY, JSON.stringify(prefs));
	} catch {
		// Quota or privacy mode: the choice just does not stick.
	}
}
