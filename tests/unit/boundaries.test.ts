import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALLOWED_IMPORTS } from '../../boundaries.config.js';

const lib = fileURLToPath(new URL('../../src/lib', import.meta.url));
const allowed = ALLOWED_IMPORTS;

describe('folder boundaries (boundaries.config.js, enforced by npm run lint)', () => {
	it('cover every folder of src/lib, so a new folder cannot go unchecked', () => {
		const folders = readdirSync(lib, { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.map((entry) => entry.name);
		expect(Object.keys(allowed).sort()).toEqual(folders.sort());
		for (const deps of Object.values(allowed)) {
			for (const dep of deps) expect(folders).toContain(dep);
		}
	});

	it('point one way: the allowed imports between folders form no cycle', () => {
		const done = new Set<string>();
		const visit = (folder: string, path: string[]): void => {
			if (path.includes(folder)) throw new Error(`cycle: ${[...path, folder].join(' -> ')}`);
			if (done.has(folder)) return;
			for (const dep of allowed[folder] ?? []) visit(dep, [...path, folder]);
			done.add(folder);
		};
		for (const folder of Object.keys(allowed)) expect(() => visit(folder, [])).not.toThrow();
	});
});
