/**
 * Which folder of src/lib may import which (README, "How it works"). eslint.config.js turns this
 * into one `no-restricted-imports` rule per folder, so an import against the data flow fails
 * `npm run lint`. Modules at the top of src/lib (color.ts, platform.ts, startup.ts) are leaves anyone may use.
 */

/** Every folder the app's composition root may use (all but the probe and ui/). */
const BELOW_THE_APP = [
	'board',
	'crypto',
	'diagnostics',
	'export',
	'geometry',
	'p2p',
	'persistence',
	'presence',
	'renderer',
	'room',
	'store',
	'sync',
	'theme',
	'tools'
];

/**
 * Folder -> the other folders it may import from.
 * @type {Record<string, string[]>}
 */
export const ALLOWED_IMPORTS = {
	board: [],
	crypto: [],
	theme: [],
	persistence: [],
	geometry: ['board'],
	renderer: ['board', 'geometry', 'theme'],
	export: ['board', 'geometry', 'renderer', 'theme'],
	tools: ['board', 'geometry'],
	p2p: ['crypto'],
	sync: ['p2p', 'crypto'],
	// The relay's copy: sealed with the room's keys, sent like sync pieces.
	store: ['sync', 'p2p', 'crypto'],
	// board: a peer's draft is checked with the board's own element schema.
	presence: ['board', 'sync', 'p2p', 'geometry'],
	room: ['board', 'sync', 'store', 'presence', 'p2p', 'crypto', 'persistence'],
	diagnostics: ['room', 'p2p', 'sync', 'store'],
	// Benchmark instrumentation: reaches into anything below the app, and is itself only ever
	// loaded with a dynamic import() (?probe), so it stays out of the production chunks.
	probe: ['board', 'room', 'sync', 'store', 'p2p', 'crypto', 'diagnostics', 'geometry'],
	// The composition root: wires a room, its board, presence and tools for the components.
	app: BELOW_THE_APP,
	ui: ['app', ...BELOW_THE_APP]
};

/** Packages a folder must not use: the model, geometry and tools know neither Svelte nor libp2p. */
const SVELTE = ['svelte', 'svelte/*'];
const LIBP2P = ['libp2p', 'libp2p/*', '@libp2p/*', '@chainsafe/*', '@multiformats/*'];
const YJS = ['yjs', 'y-protocols', 'y-protocols/*', 'y-indexeddb'];

/** @type {Record<string, string[]>} */
export const FORBIDDEN_PACKAGES = {
	board: [...SVELTE, ...LIBP2P],
	crypto: [...SVELTE, ...YJS],
	theme: [...SVELTE, ...LIBP2P, ...YJS],
	geometry: [...SVELTE, ...LIBP2P, ...YJS],
	renderer: [...SVELTE, ...LIBP2P, ...YJS],
	export: [...SVELTE, ...LIBP2P, ...YJS],
	tools: [...SVELTE, ...LIBP2P, ...YJS],
	p2p: [...SVELTE, ...YJS],
	sync: SVELTE,
	store: SVELTE,
	persistence: [...SVELTE, ...LIBP2P],
	room: SVELTE
};

const FOLDERS = Object.keys(ALLOWED_IMPORTS);

/**
 * One no-restricted-imports rule per folder of src/lib (boundaries.config.js): folders it may not
 * import, packages it may not use, and no `../` (other folders are reached as `$lib/<folder>/…`,
 * so no import can slip past the folder check). Dynamic import() is not checked: that is how the
 * app loads the probe.
 */
/**
 * "only board, geometry", or "no other folder".
 * @param {string} folder
 */
function allowedText(folder) {
	const others = ALLOWED_IMPORTS[folder] ?? [];
	return others.length === 0 ? 'no other folder' : `only ${others.join(', ')}`;
}

export function boundaryRules() {
	const leaves = {
		files: ['src/lib/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['./*/**', '$lib/*/**', '../*', '../**'],
							message: 'Modules at the top of src/lib are leaves: they import no folder.'
						}
					]
				}
			]
		}
	};
	const routes = {
		files: ['src/routes/**/*.{ts,svelte}'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$lib/probe', '$lib/probe/**'],
							message: 'The probe is loaded only with a dynamic import() (?probe).'
						}
					]
				}
			]
		}
	};
	return [
		leaves,
		routes,
		...FOLDERS.map((folder) => {
			const allowed = new Set([folder, ...(ALLOWED_IMPORTS[folder] ?? [])]);
			const forbidden = FOLDERS.filter((other) => !allowed.has(other));
			const patterns = [
				{
					group: ['../*', '../**'],
					message: 'Import other folders as $lib/<folder>/<module> (one import style).'
				}
			];
			if (forbidden.length > 0) {
				patterns.push({
					group: forbidden.flatMap((other) => [`$lib/${other}`, `$lib/${other}/**`]),
					message: `${folder}/ may import ${allowedText(folder)} (boundaries.config.js; README, "How it works").`
				});
			}
			const packages = FORBIDDEN_PACKAGES[folder] ?? [];
			if (packages.length > 0) {
				patterns.push({
					group: packages,
					message: `${folder}/ must not depend on this package (boundaries.config.js).`
				});
			}
			return {
				files: [`src/lib/${folder}/**/*.{ts,svelte}`],
				rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] }
			};
		})
	];
}
