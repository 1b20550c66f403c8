#!/usr/bin/env node
// Serves the static build (build/) the way a production static host would: files as they are,
// and index.html for every other path (the SPA fallback the service worker also relies on).
// `node scripts/serve.js [--port 4173] [--host localhost]`; the port is strict, never silently moved.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import sirv from 'sirv';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: process.env.PORT ?? '4173' },
		host: { type: 'string', default: process.env.HOST ?? 'localhost' },
		dir: { type: 'string', default: 'build' }
	}
});

if (!existsSync(`${values.dir}/index.html`)) {
	console.error(`No ${values.dir}/index.html: build the app first (npm run build).`);
	process.exit(1);
}

// Hashed assets never change; everything else (index.html, sw.js, manifest) must revalidate so a
// new version is picked up.
const serve = sirv(values.dir, {
	single: true,
	etag: true,
	setHeaders(res, pathname) {
		res.setHeader(
			'Cache-Control',
			pathname.startsWith('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache'
		);
	}
});

const server = createServer((req, res) => serve(req, res));
server.on('error', (err) => {
	console.error(`Cannot serve on ${values.host}:${values.port}: ${err.message}`);
	process.exit(1);
});
server.listen(Number(values.port), values.host, () => {
	console.log(`Serving ${values.dir}/ on http://${values.host}:${values.port}`);
});
for (const signal of ['SIGINT', 'SIGTERM'])
	process.on(signal, () => server.close(() => process.exit(0)));
