import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PluginCatalog } from '@stemflow/engine';
import { hostSdkDir } from './host-sdk';

export const SDK = '@stemflow/plugin-sdk';

interface FolderPackage {
  name?: string;
  private?: boolean;
  description?: string;
  dependencies?: Record<string, string>;
}

/**
 * The plugin folder of a home, `<home>/plugins`: an npm prefix of its own (package.json,
 * node_modules, package-lock.json) holding the installed plugin packages, plus `packages/` with
 * copies of the tarballs they came from (so reinstalling never needs the original files).
 */
export class PluginFolder {
  readonly dir: string;
  readonly packageFile: string;
  readonly tarballs: string;

  constructor(home: string) {
    this.dir = PluginCatalog.homeFolder(home);
    this.packageFile = join(this.dir, 'package.json');
    this.tarballs = join(this.dir, 'packages');
  }

  /**
   * Create the folder if needed and point its `@stemflow/plugin-sdk` at the host's own copy
   * (`file:` makes npm link it, never fetch it): the plugins' peer dependency then resolves to
   * the SDK the host runs, and npm never asks the registry for it.
   */
  prepare(): void {
    mkdirSync(this.tarballs, { recursive: true });
    const pkg: FolderPackage = this.read() ?? {
      name: 'stemflow-home-plugins',
      private: true,
      description: 'Plugin packages of this Stemflow home, managed by "stemflow plugin install/uninstall"',
    };
    const link = `file:${hostSdkDir()}`;
    if (pkg.dependencies?.[SDK] === link) return;
    pkg.dependencies = { ...pkg.dependencies, [SDK]: link };
    writeFileSync(this.packageFile, `${JSON.stringify(pkg, null, 2)}\n`);
  }

  /** The installed packages and how each was given (`file:packages/x.tgz`, `^1.2.0`, …), the SDK link left out. */
  installed(): Record<string, string> {
    const { [SDK]: _sdk, ...plugins } = this.read()?.dependencies ?? {};
    return plugins;
  }

  /** Where npm put a package. */
  packageDir(name: string): string {
    return join(this.dir, 'node_modules', name);
  }

  private read(): FolderPackage | undefined {
    return existsSync(this.packageFile) ? (JSON.parse(readFileSync(this.packageFile, 'utf8')) as FolderPackage) : undefined;
  }
}
