// One room per fiskaly API: a node's folder (with its trigger) and a simulator room import only
// from themselves and from the shared folder, so each API can change without breaking another.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** Every relative import of the .ts files under `folder`, as repository paths. */
function relativeImports(folder: string): Array<{ file: string; target: string }> {
	const files = (readdirSync(path.join(ROOT, folder), { recursive: true }) as string[]).filter(
		(entry) => entry.endsWith('.ts'),
	);
	return files.flatMap((entry) => {
		const file = path.join(folder, entry);
		const source = readFileSync(path.join(ROOT, file), 'utf8');
		return [...source.matchAll(/from '(\.[^']*)'/g)].map((match) => ({
			file,
			target: path.join(path.dirname(file), match[1]).split(path.sep).join('/'),
		}));
	});
}

/** The room of a path: the folder under nodes/ or simulator/, a trigger in its API's room. */
function roomOf(repoPath: string): string {
	const [top, folder] = repoPath.split('/');
	return `${top}/${folder.replace(/Trigger$/, '')}`;
}

const SHARED = ['nodes/shared', 'simulator/core'];

function subfolders(top: string): string[] {
	return readdirSync(path.join(ROOT, top), { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => `${top}/${entry.name}`);
}

const rooms = [...subfolders('nodes'), ...subfolders('simulator')].filter(
	(folder) => !SHARED.includes(folder),
);

test('the rooms are found', () => {
	expect(rooms).toEqual(
		expect.arrayContaining(['nodes/FiskalySignDe', 'nodes/FiskalyDsfinvk', 'simulator/dsfinvk']),
	);
});

test.each(rooms)('%s imports only from itself and the shared folders', (folder) => {
	const strays = relativeImports(folder).filter(({ target }) => {
		const inside = target.startsWith('nodes/') || target.startsWith('simulator/');
		return (
			inside &&
			roomOf(target) !== roomOf(folder) &&
			!SHARED.some((shared) => target.startsWith(`${shared}/`))
		);
	});
	expect(strays).toEqual([]);
});
