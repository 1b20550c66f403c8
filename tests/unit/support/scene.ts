/** A renderer Scene in Node: no Path2D there, so paths are built into a sink that keeps nothing. */
import type { TextMeasure } from '../../../src/lib/geometry/element-bounds';
import type { BoardReader } from '../../../src/lib/renderer/board-reader';
import type { PathSink } from '../../../src/lib/renderer/path-sink';
import { Scene } from '../../../src/lib/renderer/scene';

export class NullPath implements PathSink {
	moveTo() {}
	lineTo() {}
	quadraticCurveTo() {}
	ellipse() {}
	closePath() {}
}

export const nodeScene = (board: BoardReader, measure: TextMeasure): Scene =>
	new Scene(
		board,
		measure,
		{ background: '#fff', ink: (c) => c },
		() => new NullPath() as unknown as Path2D
	);
