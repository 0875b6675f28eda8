import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The folder of the shared reference files (`MANIFEST.json` and real detector files):
 * `$STEMFLOW_SHARED_DATA`, else `../shared/data` beside the repository, else `/work/shared/data`.
 * Throws an `Error` saying where it looked when none has a `MANIFEST.json`.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { join } from 'node:path';
 * import { sharedDataDir } from '@stemflow/plugin-sdk/testing';
 *
 * const manifest = JSON.parse(readFileSync(join(sharedDataDir(), 'MANIFEST.json'), 'utf8')) as unknown;
 * ```
 */
export function sharedDataDir(): string {
  const repoRoot = resolve(__dirname, '../../../..'); // the same from src/testing and dist/testing
  const candidates = [process.env.STEMFLOW_SHARED_DATA, resolve(repoRoot, '../shared/data'), '/work/shared/data'];
  const found = candidates.find((d) => d && existsSync(join(d, 'MANIFEST.json')));
  if (!found) throw new Error(`shared test data not found (looked in ${candidates.filter(Boolean).join(', ')}); set STEMFLOW_SHARED_DATA`);
  return found;
}
