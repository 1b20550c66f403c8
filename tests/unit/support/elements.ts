/** Small valid elements for tests that need some content on a board. */
import type { ElementInput } from '../../../src/lib/board/elements';

export const TEXT_ELEMENT = {
	type: 'text',
	x: 1,
	y: 2,
	color: '#000',
	width: 2,
	text: 'hi',
	fontSize: 20
} as const satisfies ElementInput;
