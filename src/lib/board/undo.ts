/**
 * Undo/redo of this peer's own changes. A thin wrapper around Y.UndoManager that tracks only
 * transactions with LOCAL_ORIGIN, so changes received from peers never enter the local stacks,
 * and Yjs never lets an undo overwrite a value a peer has written since.
 */
import * as Y from 'yjs';
import { LOCAL_ORIGIN } from './local-origin';

export interface BoardHistoryOptions {
	/**
	 * Local transactions closer together than this many ms merge into one step. 0 (the default):
	 * every transaction is its own step; use `Board.batch` to group writes.
	 */
	captureTimeout?: number;
}

export class BoardHistory {
	readonly #manager: Y.UndoManager;
	readonly #listeners = new Set<() => void>();
	readonly #notify = () => {
		for (const listener of this.#listeners) {
			try {
				listener();
			} catch (error) {
				console.error('Board history listener failed:', error);
			}
		}
	};

	constructor(scope: Y.Map<unknown>, { captureTimeout = 0 }: BoardHistoryOptions = {}) {
		this.#manager = new Y.UndoManager(scope, {
			trackedOrigins: new Set([LOCAL_ORIGIN]),
			captureTimeout
		});
		this.#manager.on('stack-item-added', this.#notify);
		this.#manager.on('stack-item-popped', this.#notify);
		this.#manager.on('stack-cleared', this.#notify);
	}

	/** Transaction origin of undo and redo (not LOCAL_ORIGIN; not a remote origin either). */
	get origin(): unknown {
		return this.#manager;
	}

	/** Reverts this peer's last step; false if there was nothing to undo. */
	undo(): boolean {
		return this.#manager.undo() !== null;
	}

	redo(): boolean {
		return this.#manager.redo() !== null;
	}

	get canUndo(): boolean {
		return this.#manager.canUndo();
	}

	get canRedo(): boolean {
		return this.#manager.canRedo();
	}

	/**
	 * Starts a gesture (a drag that writes every frame): until the returned function is called,
	 * all local transactions merge into one undo step, so peers see the move live and undo
	 * reverts it whole. Gestures don't nest.
	 */
	beginGesture(): () => void {
		const manager = this.#manager;
		const captureTimeout = manager.captureTimeout;
		manager.stopCapturing();
		manager.captureTimeout = Number.POSITIVE_INFINITY;
		return () => {
			manager.captureTimeout = captureTimeout;
			manager.stopCapturing();
		};
	}

	/** Forget both stacks (e.g. after loading a board). */
	clear(): void {
		this.#manager.clear();
	}

	/** Called whenever canUndo or canRedo may have changed. */
	onChange(callback: () => void): () => void {
		this.#listeners.add(callback);
		return () => this.#listeners.delete(callback);
	}

	destroy(): void {
		this.#listeners.clear();
		this.#manager.destroy();
	}
}
