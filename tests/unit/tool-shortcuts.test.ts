import { describe, expect, it } from 'vitest';
import { commandFor, TOOL_KEYS, type KeyPress } from '../../src/lib/tools/shortcuts';
import { TOOL_NAMES } from '../../src/lib/tools/tool';
import { loadPreferences, savePreferences } from '../../src/lib/app/preferences';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
	key,
	code: '',
	mod: false,
	shift: false,
	alt: false,
	...extra
});

describe('keyboard shortcuts', () => {
	it('one distinct letter per tool', () => {
		const keys = TOOL_NAMES.map((t) => TOOL_KEYS[t]);
		expect(new Set(keys).size).toBe(TOOL_NAMES.length);
		for (const tool of TOOL_NAMES) {
			expect(commandFor(press(TOOL_KEYS[tool].toLowerCase()))).toEqual({ kind: 'tool', tool });
		}
		expect(commandFor(press('m'))).toEqual({ kind: 'tool', tool: 'highlighter' });
	});

	it('maps editing and view commands', () => {
		expect(commandFor(press('z', { mod: true }))).toEqual({ kind: 'undo' });
		expect(commandFor(press('Z', { mod: true, shift: true }))).toEqual({ kind: 'redo' });
		expect(commandFor(press('y', { mod: true }))).toEqual({ kind: 'redo' });
		expect(commandFor(press('d', { mod: true }))).toEqual({ kind: 'duplicate' });
		expect(commandFor(press('Delete'))).toEqual({ kind: 'delete' });
		expect(commandFor(press('Backspace'))).toEqual({ kind: 'delete' });
		expect(commandFor(press('Escape'))).toEqual({ kind: 'escape' });
		expect(commandFor(press('=', { mod: true }))).toEqual({ kind: 'zoom-in' });
		expect(commandFor(press('-', { mod: true }))).toEqual({ kind: 'zoom-out' });
		expect(commandFor(press('!', { code: 'Digit1', shift: true }))).toEqual({ kind: 'zoom-fit' });
	});

	it('leaves other keys and modified letters alone', () => {
		expect(commandFor(press('p', { mod: true }))).toBeNull();
		expect(commandFor(press('P', { shift: true }))).toBeNull();
		expect(commandFor(press('q'))).toBeNull();
	});
});

describe('preferences', () => {
	it('round-trip through storage and reject bad values', () => {
		const data = new Map<string, string>();
		const storage = {
			getItem: (k: string) => data.get(k) ?? null,
			setItem: (k: string, v: string) => void data.set(k, v)
		};
		expect(loadPreferences(storage)).toMatchObject({ tool: 'pen', theme: 'system' });
		savePreferences(
			{ tool: 'ellipse', color: '#e03131', width: 8, theme: 'dark', penMode: 'off' },
			storage
		);
		expect(loadPreferences(storage)).toEqual({
			tool: 'ellipse',
			color: '#e03131',
			width: 8,
			theme: 'dark',
			penMode: 'off'
		});
		data.set('whiteboard:preferences', '{"tool":"bogus","color":"red","width":3,"penMode":1}');
		expect(loadPreferences(storage)).toMatchObject({
			tool: 'pen',
			color: '#1e1e1e',
			width: 4,
			penMode: 'auto'
		});
		data.set('whiteboard:preferences', 'not json');
		expect(loadPreferences(storage).tool).toBe('pen');
	});
});
