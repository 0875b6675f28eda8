import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The installed version of an npm package, read from its package.json where Node would find
 * the package (works for ESM-only packages and packages whose `exports` hide package.json).
 */
export function packageVersion(name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    const file = join(dir, name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  }
  return 'unknown';
}
