import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readPluginPackage } from '@stemflow/engine';
import { StemflowError } from '@stemflow/plugin-sdk';
import { changeAllowList } from './allow-list';
import type { PluginChangeOptions } from './install';
import { npm } from './npm';
import { PluginFolder } from './plugin-folder';

/**
 * `stemflow plugin uninstall <package-name|plugin-id>`: remove a package from the home's plugin
 * folder, the tarball copy it came from, and its entry in `plugins.allow`. Returns the package name.
 */
export function uninstallPlugin(nameOrId: string, options: PluginChangeOptions): string {
  const folder = new PluginFolder(options.home);
  const installed = folder.installed();
  const name = nameOrId in installed ? nameOrId : Object.keys(installed).find((n) => readPluginPackage(folder.packageDir(n))?.pluginId === nameOrId);
  if (!name) {
    const list = Object.keys(installed).join(', ') || 'none';
    throw new StemflowError('NOT_FOUND', `"${nameOrId}" is not installed in ${folder.dir} (installed there: ${list}); plugins that came with Stemflow cannot be uninstalled`);
  }
  folder.prepare();
  npm(['uninstall', '--prefix', folder.dir, name], { offline: options.offline });
  const spec = installed[name]!;
  // A tarball copied in by "plugin install" (file:packages/x.tgz) goes too.
  if (spec.startsWith('file:packages/')) {
    const copy = join(folder.dir, spec.slice('file:'.length));
    if (existsSync(copy)) rmSync(copy);
  }
  changeAllowList(options.home, name, false);
  return name;
}
