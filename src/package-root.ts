import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of pers-mock's package.json (with a trailing separator), where openapi.yaml,
 * fixtures/ and contracts/ are. It is looked for upwards rather than found by a fixed `../`,
 * because this code runs from src/ (tests), from dist/, and bundled into a chunk of the CLI.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder + sep;
    if (dirname(folder) === folder) throw new Error(`pers-mock: no package.json in ${start} or above it`);
  }
}
