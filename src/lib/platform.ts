/**
 * What differs between Apple platforms and the others: the command modifier is Cmd there (where
 * Ctrl+click is a right click) and Ctrl elsewhere. One test, used by the keyboard handling and by
 * every tooltip that names a shortcut.
 */
export const isApplePlatform = (): boolean =>
	typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** How tooltips write the command modifier: '⌘' before a key on Apple platforms, 'Ctrl+' elsewhere. */
export const MOD_KEY_LABEL: string = isApplePlatform() ? '⌘' : 'Ctrl+';
