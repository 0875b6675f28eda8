import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';

const SDK = '@stemflow/plugin-sdk';

/**
 * The folder of the `@stemflow/plugin-sdk` this command runs with (symlinks resolved). Installed
 * plugins must `require` exactly this copy: one SDK per process, the version the host checks
 * plugins against.
 */
export function hostSdkDir(): string {
  // The package's exports hide package.json: resolve its entry and walk up to the package root.
  let dir = dirname(realpathSync(require.resolve(SDK)));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === SDK) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new StemflowError('INTERNAL', `cannot find the folder of ${SDK} this command runs with: reinstall Stemflow`);
    dir = parent;
  }
}
