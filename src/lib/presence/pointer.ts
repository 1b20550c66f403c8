import type { Attachment } from 'svelte/attachments';
import { IDENTITY_VIEWPORT, screenToBoard, type Viewport } from '../geometry/viewport.ts';
import type { Presence } from './presence.svelte.ts';

/**
 * Reports the pointer over an element as our cursor: `{@attach trackPointer(presence)}`.
 * Stop-gap until the Whiteboard's own pointer handling calls `presence.setCursor` with the board
 * coordinates it already computes; until then the element must cover exactly the canvas.
 */
export function trackPointer(
	presence: Presence,
	viewport: () => Viewport = () => IDENTITY_VIEWPORT
): Attachment<HTMLElement> {
	return (element) => {
		const onMove = (event: PointerEvent): void => {
			const rect = element.getBoundingClientRect();
			const screen = { x: event.clientX - rect.left, y: event.clientY - rect.top };
			presence.setCursor(screenToBoard(viewport(), screen));
		};
		const onLeave = (): void => presence.setCursor(null);
		element.addEventListener('pointermove', onMove);
		element.addEventListener('pointerleave', onLeave);
		return () => {
			element.removeEventListener('pointermove', onMove);
			element.removeEventListener('pointerleave', onLeave);
			onLeave();
		};
	};
}
