// libp2p 3 calls Promise.withResolvers (Node >= 22) at runtime; Node 20 lacks it.
// Must be imported before any libp2p module is evaluated.

interface Resolvers<T> {
	promise: Promise<T>;
	resolve: (value: T | PromiseLike<T>) => void;
	reject: (reason?: unknown) => void;
}

const PromiseCtor = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };

if (typeof PromiseCtor.withResolvers !== 'function') {
	Object.defineProperty(Promise, 'withResolvers', {
		configurable: true,
		writable: true,
		// must use `this` so subclasses (Promise.withResolvers.call(MyPromise)) keep working
		value: function withResolvers<T>(this: PromiseConstructor): Resolvers<T> {
			let resolve!: Resolvers<T>['resolve'];
			let reject!: Resolvers<T>['reject'];
			const promise = new this<T>((res, rej) => {
				resolve = res;
				reject = rej;
			});
			return { promise, resolve, reject };
		}
	});
}

export {};
