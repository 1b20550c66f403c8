/**
 * Keyboard shortcuts as data: a key press maps to a command (commands.ts carries it out).
 * Pure, so the mapping is tested without a browser, and the toolbar's tooltips read the same
 * table. Nothing fires while the user types in a text field.
 */
import type { Command } from './commands';
import type { ToolName } from './tool';

export type { Command } from './commands';

/** The key that picks each tool (shown in the toolbar's tooltips). */
export const TOOL_KEYS: Readonly<Record<ToolName, string>> = {
	select: 'V',
	pen: 'P',
	highlighter: 'M',
	line: 'L',
	arrow: 'A',
	rectangle: 'R',
	ellipse: 'O',
	text: 'T',
	note: 'N',
	laser: 'K',
	eraser: 'E',
	hand: 'H'
};

export interface KeyPress {
	key: string;
	/** KeyboardEvent.code: layout-independent, used where the character depends on Shift. */
	code: string;
	/** Ctrl, or Cmd on macOS. */
	mod: boolean;
	shift: boolean;
	alt: boolean;
}

const TOOL_BY_KEY = new Map(
	Object.entries(TOOL_KEYS).map(([tool, key]) => [key.toLowerCase(), tool as ToolName])
);

export function commandFor(press: KeyPress): Command | null {
	const { key, code, mod, shift, alt } = press;
	const lower = key.toLowerCase();
	if (mod && !alt) {
		if (lower === 'z') return { kind: shift ? 'redo' : 'undo' };
		if (lower === 'y' && !shift) return { kind: 'redo' };
		if (lower === 'd' && !shift) return { kind: 'duplicate' };
		if (lower === 'a' && !shift) return { kind: 'select-all' };
		if (key === '=' || key === '+' || code === 'NumpadAdd') return { kind: 'zoom-in' };
		if (key === '-' || key === '_' || code === 'NumpadSubtract') return { kind: 'zoom-out' };
		if (key === '0' || code === 'Numpad0') return { kind: 'zoom-reset' };
		return null;
	}
	if (mod || alt) return null;
	if (shift && code === 'Digit1') return { kind: 'zoom-fit' };
	if (key === 'Delete' || key === 'Backspace') return { kind: 'delete' };
	if (key === 'Escape') return { kind: 'escape' };
	if (shift) return null;
	const tool = TOOL_BY_KEY.get(lower);
	return tool === undefined ? null : { kind: 'tool', tool };
}

/** True when keys typed into `target` belong to it (inputs, textareas, editable content). */
export function isTypingTarget(target: EventTarget | null): boolean {
	if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
	if (target.isContentEditable) return true;
	if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
	if (!(target instanceof HTMLInputElement)) return false;
	// Buttons and checkboxes take no text: shortcuts still work with them focused.
	return !['button', 'checkbox', 'radio', 'range', 'color', 'submit', 'reset'].includes(
		target.type
	);
}
