/** What the text and note editors share: how they take focus and which keys commit them. */

/**
 * Focuses `textarea` with the caret at the end: at once, so keys typed right after the click land
 * there, and again once the press that opened the box has finished (in case it moved focus).
 * Returns the cleanup for an $effect.
 */
export function focusOnOpen(textarea: HTMLTextAreaElement): () => void {
	const focus = (): void => {
		if (document.activeElement === textarea) return;
		textarea.focus();
		textarea.setSelectionRange(textarea.value.length, textarea.value.length);
	};
	focus();
	const timer = setTimeout(focus);
	return () => clearTimeout(timer);
}

/** Enter or Escape commits (Shift+Enter is a newline); true if the key was taken. */
export function commitOnKey(event: KeyboardEvent, commit: () => void): boolean {
	if (event.key !== 'Escape' && (event.key !== 'Enter' || event.shiftKey)) return false;
	event.preventDefault();
	event.stopPropagation();
	commit();
	return true;
}
