import type { Libp2p, StreamHandler, StreamHandlerOptions, Topology } from '@libp2p/interface';

export type RegistrationNode = Pick<Libp2p, 'handle' | 'unhandle' | 'register' | 'unregister'>;

/**
 * A protocol's stream handler and its topology (told of each direct connection to a peer that
 * speaks the protocol), registered together and removed together. Both steps are asynchronous:
 * a stop() that comes while start() is still registering removes whatever start() then adds.
 * It also tells its owner whether it runs (`active`) and ends the owner's work on stop (`signal`).
 */
export class ProtocolRegistration {
	readonly #node: RegistrationNode;
	readonly #protocol: string;
	readonly #handler: StreamHandler;
	readonly #topology: Topology;
	readonly #options: StreamHandlerOptions | undefined;
	#topologyId?: string;
	#active = false;
	#controller = new AbortController();

	constructor(
		node: RegistrationNode,
		protocol: string,
		handler: StreamHandler,
		topology: Topology,
		options?: StreamHandlerOptions
	) {
		this.#node = node;
		this.#protocol = protocol;
		this.#handler = handler;
		this.#topology = topology;
		this.#options = options;
	}

	/** True from start() until stop(). */
	get active(): boolean {
		return this.#active;
	}

	/** Aborted as stop() begins: streams and waits started while active end with it. */
	get signal(): AbortSignal {
		return this.#controller.signal;
	}

	async start(): Promise<void> {
		if (this.#active) return;
		this.#active = true;
		this.#controller = new AbortController();
		await this.#node.handle(this.#protocol, this.#handler, this.#options);
		// Stopped meanwhile: stop() may have run before the handler existed.
		if (!this.#active) return this.#node.unhandle(this.#protocol);
		const topologyId = await this.#node.register(this.#protocol, this.#topology);
		// Stopped while registering: stop() could not unregister what did not exist yet.
		if (!this.#active) this.#node.unregister(topologyId);
		else this.#topologyId = topologyId;
	}

	async stop(): Promise<void> {
		if (!this.#active) return;
		this.#active = false;
		this.#controller.abort();
		if (this.#topologyId != null) this.#node.unregister(this.#topologyId);
		this.#topologyId = undefined;
		await this.#node.unhandle(this.#protocol);
	}
}
