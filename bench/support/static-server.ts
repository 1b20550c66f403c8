/** A static file server for a built benchmark page, on loopback only, on a free port. */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8'
};

export interface StaticServer {
	url: string;
	close(): Promise<void>;
}

export function serveStatic(root: string): Promise<StaticServer> {
	const server: Server = createServer((req, res) => {
		const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
		const file = join(root, path === '/' ? 'index.html' : path);
		if (!file.startsWith(root)) {
			res.writeHead(403).end();
			return;
		}
		readFile(file).then(
			(body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? '' }).end(body),
			() => res.writeHead(404).end()
		);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			resolve({
				url: `http://127.0.0.1:${port}`,
				close: () => new Promise((done) => server.close(() => done()))
			});
		});
	});
}
